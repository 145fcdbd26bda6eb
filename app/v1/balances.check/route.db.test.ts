// The check and track routes, RPC and REST forms, called in-process with a real key.
import { describe, expect, it } from "vitest";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { createMeteredPlan, createTestFeature } from "@/tests/factories/entitlements";
import { enableTestPlan } from "@/tests/factories/entitlements";
import { POST as rpcCheck } from "./route";
import { POST as restCheck } from "../check/route";
import { POST as rpcTrack } from "../balances.track/route";
import { POST as restTrack } from "../track/route";

type Handler = (request: Request) => Promise<Response>;

async function call(handler: Handler, path: string, secret: string, body: unknown) {
  const response = await handler(
    new Request(`http://test${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "x-api-version": "2.4.0" },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: await response.json() };
}

describe("/v1/balances.check and /v1/check", () => {
  it("answer the contract's shape, and consume with send_event", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 5 });
    await enableTestPlan(customer.id, plan.id);

    // An entity the customer does not have is not found (entities: lib/entities).
    const noEntity = await call(rpcCheck, "/v1/balances.check", key.secret, { customer_id: customer.externalId, feature_id: feature.id, entity_id: "nobody" });
    expect(noEntity).toMatchObject({ status: 404, body: { code: "entity_not_found" } });
    const rpc = await call(rpcCheck, "/v1/balances.check", key.secret, { customer_id: customer.externalId, feature_id: feature.id });
    expect(rpc.status).toBe(200);
    expect(rpc.body).toEqual({
      allowed: true,
      customer_id: customer.externalId,
      required_balance: 1,
      balance: { feature_id: feature.id, granted: 5, remaining: 5, usage: 0, unlimited: false, overage_allowed: false, max_purchase: null, next_reset_at: expect.any(Number) },
      flag: null,
    });
    const rest = await call(restCheck, "/v1/check", key.secret, { customer_id: customer.externalId, feature_id: feature.id, required_balance: 5, send_event: true });
    expect(rest.body).toMatchObject({ allowed: true, required_balance: 5, balance: { usage: 5, remaining: 0 } });
    const refused = await call(rpcCheck, "/v1/balances.check", key.secret, { customer_id: customer.externalId, feature_id: feature.id, send_event: true });
    expect(refused.body).toMatchObject({ allowed: false, balance: { usage: 5, remaining: 0 } });
  });

  it("answer 404 customer_not_found, 404 feature_not_found and 400 invalid_inputs as the contract says", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const feature = await createTestFeature();
    expect(await call(rpcCheck, "/v1/balances.check", key.secret, { customer_id: unique("ghost"), feature_id: feature.id })).toEqual({
      status: 404,
      body: { code: "customer_not_found", message: expect.stringContaining("not found"), env: "sandbox" },
    });
    expect(await call(restCheck, "/v1/check", key.secret, { customer_id: customer.externalId, feature_id: "nope" })).toMatchObject({
      status: 404,
      body: { code: "feature_not_found" },
    });
    expect(await call(rpcCheck, "/v1/balances.check", key.secret, { feature_id: feature.id })).toEqual({
      status: 400,
      body: { code: "invalid_inputs", message: "customer_id: is required", env: "sandbox" },
    });
    expect(await call(rpcCheck, "/v1/balances.check", key.secret, { customer_id: customer.externalId, feature_id: feature.id, required_balance: "3" })).toMatchObject({
      status: 400,
      body: { code: "invalid_inputs", message: "required_balance: must be a number" },
    });
  });
});

describe("/v1/balances.track and /v1/track", () => {
  it("record usage past the grant, give it back, and honour idempotency_key", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 5 });
    await enableTestPlan(customer.id, plan.id);

    const first = await call(rpcTrack, "/v1/balances.track", key.secret, { customer_id: customer.externalId, feature_id: feature.id, value: 8 });
    expect(first).toEqual({
      status: 200,
      body: {
        customer_id: customer.externalId,
        value: 8,
        balance: { feature_id: feature.id, granted: 5, remaining: 0, usage: 8, unlimited: false, overage_allowed: false, max_purchase: null, next_reset_at: expect.any(Number) },
      },
    });
    const back = await call(restTrack, "/v1/track", key.secret, { customer_id: customer.externalId, feature_id: feature.id, value: -6 });
    expect(back.body).toMatchObject({ value: -6, balance: { usage: 2, remaining: 3 } });

    const idempotency_key = unique("k");
    const once = await call(rpcTrack, "/v1/balances.track", key.secret, { customer_id: customer.externalId, feature_id: feature.id, idempotency_key });
    const replay = await call(restTrack, "/v1/track", key.secret, { customer_id: customer.externalId, feature_id: feature.id, idempotency_key });
    expect(replay).toEqual(once);
    expect(once.body).toMatchObject({ value: 1, balance: { usage: 3 } });
    expect(await call(rpcTrack, "/v1/balances.track", key.secret, { customer_id: customer.externalId, feature_id: feature.id, idempotency_key, value: 2 })).toMatchObject({
      status: 409,
      body: { code: "idempotency_conflict" },
    });
    expect(await call(rpcTrack, "/v1/balances.track", key.secret, { customer_id: customer.externalId })).toMatchObject({
      status: 400,
      body: { code: "invalid_inputs", message: "feature_id: feature_id or event_name is required" },
    });
  });
});
