// Conformance: the official autumn-js SDK (1.3.13, failOpen: false) runs check, track and
// billing.attach (a free plan) against the production build. The SDK validates every answer with
// its own schemas and throws on a mismatch; the customer object it fetches afterwards shows the
// subscription and the balances.
import { AutumnError } from "autumn-js";
import { expect, test, uniqueSuffix } from "../fixtures";
import { api, autumnClient, createApiKey } from "../fixtures-api";
import { apiCustomerSchema } from "../../lib/customers/customer-object";
import { createFeature, createPlan } from "./catalog";

test("attach a free plan, check, consume and track through the SDK; the customer shows it all", async () => {
  const key = await createApiKey("sandbox");
  const autumn = autumnClient(key);
  const messages = await createFeature("sandbox", "single_use", [`msg_${uniqueSuffix()}`]);
  const sso = await createFeature("sandbox", "boolean");
  const free = await createPlan("sandbox", { items: [{ featureId: messages, included: 10, resetInterval: "month" }, { featureId: sso }] });
  const customerId = `sdk_ent_${uniqueSuffix()}`;
  await autumn.customers.getOrCreate({ customerId, name: "Entitled" });

  expect(await autumn.billing.attach({ customerId, planId: free })).toEqual({ customerId, paymentUrl: null });

  const checked = await autumn.check({ customerId, featureId: messages });
  expect(checked).toMatchObject({ allowed: true, customerId, requiredBalance: 1, flag: null });
  expect(checked.balance).toMatchObject({ featureId: messages, granted: 10, remaining: 10, usage: 0, unlimited: false, overageAllowed: false, maxPurchase: null });
  expect(checked.balance!.nextResetAt).toBeGreaterThan(Date.now());

  const consumed = await autumn.check({ customerId, featureId: messages, requiredBalance: 2, sendEvent: true });
  expect(consumed).toMatchObject({ allowed: true, balance: { usage: 2, remaining: 8 } });

  const tracked = await autumn.track({ customerId, featureId: messages, value: 3 });
  expect(tracked).toMatchObject({ customerId, value: 3, balance: { usage: 5, remaining: 5 } });

  const flag = await autumn.check({ customerId, featureId: sso });
  expect(flag).toMatchObject({ allowed: true, balance: null, flag: { featureId: sso, planId: free, expiresAt: null } });

  const customer = await autumn.customers.get({ customerId });
  expect(customer.subscriptions).toEqual([expect.objectContaining({ planId: free, status: "active", addOn: false, autoEnable: false, quantity: 1 })]);
  expect(customer.balances[messages]).toMatchObject({ featureId: messages, granted: 10, usage: 5, remaining: 5 });
  expect(customer.flags[sso]).toMatchObject({ featureId: sso, planId: free });

  // The raw answer also passes the contract's strict schema (no stray fields, every field typed).
  const raw = await api("/v1/customers.get", { secret: key.secret, body: { customer_id: customerId } });
  expect(apiCustomerSchema.parse(raw.json)).toEqual(raw.json);
});

test("track by event name and with an idempotency key; 404s the SDK can read", async () => {
  const key = await createApiKey("sandbox");
  const autumn = autumnClient(key);
  const event = `evt_${uniqueSuffix()}`;
  const messages = await createFeature("sandbox", "single_use", [event]);
  const free = await createPlan("sandbox", { items: [{ featureId: messages, included: 10 }] });
  const customerId = `sdk_ent_${uniqueSuffix()}`;
  await autumn.customers.getOrCreate({ customerId });
  await autumn.billing.attach({ customerId, planId: free });

  const byEvent = await autumn.track({ customerId, eventName: event, value: 4 });
  expect(byEvent).toMatchObject({ customerId, value: 4, eventName: event, balances: { [messages]: { usage: 4 } } });

  const body = { customer_id: customerId, feature_id: messages, value: 2, idempotency_key: `k_${uniqueSuffix()}` };
  const first = await api("/v1/track", { secret: key.secret, body });
  const again = await api("/v1/balances.track", { secret: key.secret, body });
  expect(first.status).toBe(200);
  expect(again.json).toEqual(first.json);
  expect(first.json).toMatchObject({ balance: { usage: 6, remaining: 4 } });

  const unknown = await autumn.check({ customerId: `ghost_${uniqueSuffix()}`, featureId: messages }).catch((error: unknown) => error);
  expect(unknown).toBeInstanceOf(AutumnError);
  expect((unknown as AutumnError).statusCode).toBe(404);
  expect(JSON.parse((unknown as AutumnError).body)).toMatchObject({ code: "customer_not_found" });
  const unknownFeature = await autumn.track({ customerId, featureId: `nope_${uniqueSuffix()}` }).catch((error: unknown) => error);
  expect(JSON.parse((unknownFeature as AutumnError).body)).toMatchObject({ code: "feature_not_found" });
});
