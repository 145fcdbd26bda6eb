// Proof for the catalog (issue 15): autumn-js 1.3.13 itself (failOpen: false) drives every
// features.* and plans.* method against the real /v1 handlers and the test database, and the
// SDK's backend handler (autumn-js/backend's core handler, which the React hooks' pricing table calls) lists plans
// for the signed-in customer. The SDK validates every answer with its own schemas and throws on a
// mismatch, so each call that resolves is a shape the SDK accepts.
import { beforeAll, describe, expect, it } from "vitest";
import { Autumn, AutumnError } from "autumn-js";
// The Web-standard adapter: the same core handler as autumn-js/next (which only wraps it in a
// NextResponse, and whose `next/server` import Node cannot resolve outside a Next build).
import { autumnHandler } from "autumn-js/fetch";
import { db } from "@/lib/db";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { enableTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { apiPlanSchema } from "@/lib/plans/plan-object";
import { API_ORIGIN, serveApiInProcess } from "./in-process-api";

// Plans here may be default plans (auto_enable), which are environment-wide.
runOnOwnDatabase("catalog_sdk");

let autumn: Autumn;
let secret: string;
const calls = serveApiInProcess();

beforeAll(async () => {
  secret = (await createTestApiKey()).secret;
  autumn = new Autumn({ secretKey: secret, serverURL: API_ORIGIN, failOpen: false });
});

/** The error an SDK call rejects with: its HTTP status and our `{ message, code }` body. */
async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AutumnError);
  const { statusCode, body } = error as AutumnError;
  const parsed = JSON.parse(body) as { code: string; message: string };
  return { status: statusCode, code: parsed.code, message: parsed.message };
}

describe("features.* through autumn-js", () => {
  it("creates, gets, lists, updates and deletes features; refuses to delete one in use", async () => {
    const messages = unique("messages");
    const created = await autumn.features.create({ featureId: messages, name: "Messages", type: "metered", consumable: true, eventNames: ["message_sent"] });
    expect(created).toEqual({ id: messages, name: "Messages", type: "metered", consumable: true, eventNames: ["message_sent"], archived: false });
    const seats = unique("seats");
    expect(await autumn.features.create({ featureId: seats, name: "Seats", type: "metered", consumable: false })).toMatchObject({ type: "metered", consumable: false });
    const sso = unique("sso");
    expect(await autumn.features.create({ featureId: sso, name: "SSO", type: "boolean", display: { singular: "SSO", plural: "SSO" } })).toMatchObject({
      type: "boolean",
      consumable: false,
    });

    expect(await autumn.features.get({ featureId: messages })).toMatchObject({ id: messages, name: "Messages" });
    const listed = await autumn.features.list();
    expect(listed.list.map((f) => f.id)).toEqual(expect.arrayContaining([messages, seats, sso]));

    const renamed = await autumn.features.update({ featureId: messages, name: "AI messages", eventNames: ["message_sent", "chat"] });
    expect(renamed).toMatchObject({ name: "AI messages", eventNames: ["message_sent", "chat"] });
    // Unused: its type and id may still change.
    const retyped = await autumn.features.update({ featureId: seats, newFeatureId: `${seats}_v2`, consumable: true });
    expect(retyped).toMatchObject({ id: `${seats}_v2`, consumable: true });
    expect(await autumn.features.update({ featureId: sso, archived: true })).toMatchObject({ archived: true });
    expect((await autumn.features.list()).list.find((f) => f.id === sso)).toMatchObject({ archived: true });

    await autumn.plans.create({ planId: unique("uses"), name: "Uses messages", items: [{ featureId: messages, included: 5 }] });
    expect(await refusal(autumn.features.delete({ featureId: messages }))).toEqual({
      status: 409,
      code: "feature_in_use",
      message: `Feature ${messages} is in use (1 plan item): it cannot be deleted. Archive it instead.`,
    });
    expect(await refusal(autumn.features.update({ featureId: messages, consumable: false }))).toMatchObject({ status: 409, code: "feature_in_use" });
    expect(await autumn.features.delete({ featureId: `${seats}_v2` })).toEqual({ success: true });
    expect(await refusal(autumn.features.get({ featureId: `${seats}_v2` }))).toMatchObject({ status: 404, code: "feature_not_found" });
    expect(await refusal(autumn.features.create({ featureId: unique("credits"), name: "Credits", type: "credit_system" }))).toMatchObject({
      status: 400,
      code: "invalid_inputs",
      message: expect.stringContaining("credit systems are not supported"),
    });
  });
});

describe("plans.* through autumn-js", () => {
  async function catalog() {
    const messages = unique("messages");
    const sso = unique("sso");
    await autumn.features.create({ featureId: messages, name: "Messages", type: "metered", consumable: true });
    await autumn.features.create({ featureId: sso, name: "SSO", type: "boolean" });
    const group = unique("main");
    const free = await autumn.plans.create({ planId: unique("free"), name: "Free", group, autoEnable: false, items: [{ featureId: messages, included: 10, reset: { interval: "month" } }] });
    const pro = await autumn.plans.create({
      planId: unique("pro"),
      name: "Pro",
      description: "For teams",
      group,
      price: { amount: 20, interval: "month" },
      items: [
        { featureId: messages, included: 1000, reset: { interval: "month" } },
        { featureId: sso, unlimited: false },
      ],
      freeTrial: { durationLength: 14, durationType: "day", cardRequired: true },
      billingControls: { overageAllowed: [{ featureId: messages, enabled: true }] },
      metadata: { highlight: "Most popular" },
    });
    const boost = await autumn.plans.create({ planId: unique("boost"), name: "Boost", addOn: true, price: { amount: 5.5, interval: "one_off" }, items: [{ featureId: messages, included: 500 }] });
    return { messages, sso, group, free, pro, boost };
  }

  it("creates plans with everything the plan editor knows, and gets and lists them", async () => {
    const { messages, sso, group, free, pro, boost } = await catalog();
    expect(pro).toMatchObject({
      name: "Pro",
      description: "For teams",
      group,
      version: 1,
      addOn: false,
      autoEnable: false,
      price: { amount: 20, interval: "month" },
      freeTrial: { durationLength: 14, durationType: "day", cardRequired: true, onEnd: "bill" },
      env: "sandbox",
      archived: false,
      config: { ignorePastDue: false },
      billingControls: { overageAllowed: [{ featureId: messages, enabled: true }] },
      metadata: { highlight: "Most popular" },
      baseVariantId: null,
    });
    expect(pro.items).toEqual([
      expect.objectContaining({ featureId: messages, included: 1000, unlimited: false, reset: { interval: "month" }, price: null, feature: expect.objectContaining({ id: messages, type: "single_use" }) }),
      expect.objectContaining({ featureId: sso, included: 0, reset: null, feature: expect.objectContaining({ type: "boolean" }) }),
    ]);
    expect(boost).toMatchObject({ addOn: true, price: { amount: 5.5, interval: "one_off" }, items: [expect.objectContaining({ reset: null })] });
    expect(free).toMatchObject({ price: null, autoEnable: false });

    expect(await autumn.plans.get({ planId: pro.id })).toEqual(pro);
    const listed = await autumn.plans.list();
    expect(listed.list.map((p) => p.id)).toEqual(expect.arrayContaining([free.id, pro.id, boost.id]));
    expect(listed.list.find((p) => p.id === pro.id)?.customerEligibility).toBeUndefined();
    expect(await refusal(autumn.plans.get({ planId: unique("nope") }))).toMatchObject({ status: 404, code: "plan_not_found" });

    // The raw answer is also exactly Equinox's documented plan object (no stray fields).
    const raw = await fetch(`${API_ORIGIN}/v1/plans.get`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify({ plan_id: pro.id }) });
    const body: unknown = await raw.json();
    expect(apiPlanSchema.parse(body)).toEqual(body);
  });

  it("refuses what Equinox does not implement by name, and a default plan that is not free", async () => {
    const { messages } = await catalog();
    expect(
      await refusal(autumn.plans.create({ planId: unique("p"), name: "P", items: [{ featureId: messages, included: 1, price: { amount: 0.01, interval: "month", billingMethod: "usage_based" } }] })),
    ).toMatchObject({ status: 400, code: "invalid_inputs", message: "items.0.price: is not supported by Equinox" });
    expect(await refusal(autumn.plans.create({ planId: unique("p"), name: "P", price: { amount: 10, interval: "semi_annual" } }))).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^price\.interval: /),
    });
    expect(await refusal(autumn.plans.create({ planId: unique("p"), name: "P", autoEnable: true, price: { amount: 10, interval: "month" } }))).toMatchObject({
      status: 400,
      code: "invalid_inputs",
    });
  });

  it("versions a plan customers have; they keep theirs (and their negotiated price) until migrated", async () => {
    const { messages, pro } = await catalog();
    const customer = await createTestCustomer();
    await enableTestPlan(customer.id, pro.id, { customPriceAmount: 1500 });

    const renamed = await autumn.plans.update({ planId: pro.id, name: "Pro (2026)" });
    expect(renamed).toMatchObject({ name: "Pro (2026)", version: 1 });
    const repriced = await autumn.plans.update({ planId: pro.id, price: { amount: 25, interval: "month" }, items: [{ featureId: messages, included: 2000, reset: { interval: "month" } }] });
    expect(repriced).toMatchObject({ version: 2, price: { amount: 25 }, items: [expect.objectContaining({ included: 2000 })] });
    // Overage stays as it was: the update did not say otherwise.
    expect(repriced.billingControls?.overageAllowed).toEqual([{ featureId: messages, enabled: true }]);
    expect(await autumn.plans.get({ planId: pro.id, version: 1 })).toMatchObject({ version: 1, price: { amount: 20 }, items: expect.arrayContaining([expect.objectContaining({ included: 1000 })]) });

    const before = await autumn.customers.get({ customerId: customer.externalId! });
    expect(before.balances[messages]).toMatchObject({ granted: 1000 });

    // Autumn's migration flag moves them, keeping the negotiated price.
    await autumn.plans.update({ planId: pro.id, migration: { draft: false } });
    const after = await autumn.customers.get({ customerId: customer.externalId! });
    expect(after.balances[messages]).toMatchObject({ granted: 2000 });
    const cp = await db().customerPlan.findFirstOrThrow({ where: { customerId: customer.id }, include: { planVersion: true } });
    expect(cp).toMatchObject({ customPriceAmount: 1500, planVersion: { version: 2 } });
  });

  it("lists each plan's eligibility for a customer, as a pricing table renders it", async () => {
    const { group, free, pro, boost } = await catalog();
    const cheaper = await autumn.plans.create({ planId: unique("starter"), name: "Starter", group, price: { amount: 5, interval: "month" } });
    const customer = await createTestCustomer();
    await enableTestPlan(customer.id, free.id);

    const forNewcomer = await autumn.plans.list({ customerId: customer.externalId! });
    const eligibility = (id: string, list = forNewcomer.list) => list.find((p) => p.id === id)?.customerEligibility;
    expect(eligibility(free.id)).toEqual({ status: "active", canceling: false, trialing: false, attachAction: "none" });
    expect(eligibility(pro.id)).toEqual({ trialAvailable: true, attachAction: "upgrade" });
    expect(eligibility(boost.id)).toEqual({ attachAction: "purchase" });

    await enableTestPlan(customer.id, pro.id);
    const onPro = await autumn.plans.list({ customerId: customer.externalId! });
    expect(eligibility(pro.id, onPro.list)).toEqual({ status: "active", canceling: false, trialing: false, trialAvailable: false, attachAction: "none" });
    expect(eligibility(free.id, onPro.list)).toEqual({ attachAction: "downgrade" });
    expect(eligibility(cheaper.id, onPro.list)).toEqual({ attachAction: "downgrade" });

    // Someone the app has not created yet (a pricing table before get-or-create): a newcomer.
    const newcomer = await autumn.plans.list({ customerId: unique("not_yet") });
    expect(eligibility(pro.id, newcomer.list)).toEqual({ trialAvailable: true, attachAction: "activate" });
    expect(eligibility(free.id, newcomer.list)).toEqual({ attachAction: "activate" });
  });

  it("deletes a plan no customer ever had; refuses one in use with plan_in_use", async () => {
    const { free, boost } = await catalog();
    await enableTestPlan((await createTestCustomer()).id, free.id);
    expect(await refusal(autumn.plans.delete({ planId: free.id }))).toEqual({
      status: 409,
      code: "plan_in_use",
      message: `Plan ${free.id} is in use (1 customer plan is active or scheduled): it cannot be deleted. Archive it instead.`,
    });
    expect(await autumn.plans.delete({ planId: boost.id })).toEqual({ success: true });
    expect(await refusal(autumn.plans.get({ planId: boost.id }))).toMatchObject({ status: 404, code: "plan_not_found" });
    // Archiving is the way out for a plan in use; an SDK update sends archived: false unless told.
    expect(await autumn.plans.update({ planId: free.id, archived: true })).toMatchObject({ archived: true });
    expect((await autumn.plans.list()).list.map((p) => p.id)).not.toContain(free.id);
    expect((await autumn.plans.list({ includeArchived: true })).list.map((p) => p.id)).toContain(free.id);
  });
});

describe("per-entity plan items (entity_feature_id)", () => {
  /** A /v1 call over HTTP with the key, for what autumn-js 1.3.13's request schemas do not send. */
  async function post(path: string, body: unknown) {
    const response = await fetch(`${API_ORIGIN}/v1/${path}`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("plans.create takes entity_feature_id (the SDK reads the plan back); each entity's balances.check answers its own balance", async () => {
    const seats = unique("seats");
    const messages = unique("messages");
    await autumn.features.create({ featureId: seats, name: "Seats", type: "metered", consumable: false });
    await autumn.features.create({ featureId: messages, name: "Messages", type: "metered", consumable: true });
    const planId = unique("team");
    // autumn-js 1.3.13's plans.create strips entity_feature_id from items: it is sent over HTTP.
    const created = await post("plans.create", {
      plan_id: planId,
      name: "Team",
      items: [
        { feature_id: seats, included: 3 },
        { feature_id: messages, included: 10, reset: { interval: "month" }, entity_feature_id: seats },
      ],
    });
    expect(created.status).toBe(200);
    expect(apiPlanSchema.parse(created.body).items.find((item) => item.feature_id === messages)).toMatchObject({ entity_feature_id: seats, included: 10 });
    // The SDK validates the plan object with the field present.
    expect((await autumn.plans.get({ planId })).items.map((item) => item.featureId).sort()).toEqual([messages, seats].sort());

    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    await enableTestPlan(customer.id, planId);
    await autumn.entities.create({ customerId, entityId: "alice", featureId: seats });
    await autumn.entities.create({ customerId, entityId: "bob", featureId: seats });
    await autumn.track({ customerId, featureId: messages, entityId: "alice", value: 4 });

    expect(await autumn.check({ customerId, featureId: messages, entityId: "alice" })).toMatchObject({ allowed: true, entityId: "alice", balance: { granted: 10, usage: 4, remaining: 6 } });
    expect(await autumn.check({ customerId, featureId: messages, entityId: "bob" })).toMatchObject({ allowed: true, entityId: "bob", balance: { granted: 10, usage: 0, remaining: 10 } });
    expect(await autumn.check({ customerId, featureId: messages })).toMatchObject({ balance: { granted: 20, usage: 4, remaining: 16 } });
  });

  it("refuses an entity_feature_id that is not a continuous-use feature with 400 invalid_inputs", async () => {
    const messages = unique("messages");
    await autumn.features.create({ featureId: messages, name: "Messages", type: "metered", consumable: true });
    const refused = await post("plans.create", { plan_id: unique("bad"), name: "Bad", items: [{ feature_id: messages, included: 1, entity_feature_id: messages }] });
    expect(refused).toMatchObject({ status: 400, body: { code: "invalid_inputs", message: expect.stringContaining("per entity of itself") } });
  });
});

describe("routes autumn-js knows and Equinox does not serve", () => {
  it("reject with 501 not_supported naming the route", async () => {
    expect(await refusal(autumn.rewards.list())).toEqual({ status: 501, code: "not_supported", message: "Equinox does not support /v1/rewards.list (autumn-js's rewards.list) yet" });
  });
});

describe("the SDK's backend handler, as the React hooks call it", () => {
  it("lists plans with the signed-in customer's eligibility (the pricing table's listPlans)", async () => {
    const { free, pro } = await catalog2();
    const customer = await createTestCustomer();
    await enableTestPlan(customer.id, free.id);
    const handler = autumnHandler({ identify: () => ({ customerId: customer.externalId! }), secretKey: secret, autumnURL: API_ORIGIN });
    const before = calls.length;
    const response = await handler(new Request("http://app.test/api/autumn/listPlans", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { list: { id: string; customerEligibility?: unknown }[] };
    expect(calls.slice(before)).toEqual(["/v1/plans.list"]);
    expect(body.list.find((p) => p.id === free.id)?.customerEligibility).toMatchObject({ status: "active", attachAction: "none" });
    expect(body.list.find((p) => p.id === pro.id)?.customerEligibility).toMatchObject({ attachAction: "upgrade", trialAvailable: true });
  });

  async function catalog2() {
    const messages = unique("messages");
    await autumn.features.create({ featureId: messages, name: "Messages", type: "metered", consumable: true });
    const group = unique("main");
    const free = await autumn.plans.create({ planId: unique("free"), name: "Free", group, items: [{ featureId: messages, included: 10 }] });
    const pro = await autumn.plans.create({ planId: unique("pro"), name: "Pro", group, price: { amount: 20, interval: "month" }, freeTrial: { durationLength: 7 } });
    return { free, pro };
  }
});
