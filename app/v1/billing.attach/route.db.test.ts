// Attach, RPC and REST forms: plans that need no payment are enabled at once.
import { describe, expect, it } from "vitest";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, createTestPlan } from "@/tests/factories/entitlements";
import { db } from "@/lib/db";
import { POST as rpcAttach } from "./route";
import { POST as restAttach } from "../attach/route";

async function call(handler: (request: Request) => Promise<Response>, path: string, secret: string, body: unknown) {
  const response = await handler(
    new Request(`http://test${path}`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
  );
  return { status: response.status, body: await response.json() };
}

describe("/v1/billing.attach and /v1/attach", () => {
  it("enable a free plan at once and answer payment_url: null", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const feature = await createTestFeature();
    const plan = await createTestPlan({ items: [{ featureId: feature.id, included: 10, resetInterval: "month" }] });
    expect(await call(rpcAttach, "/v1/billing.attach", key.secret, { customer_id: customer.externalId, plan_id: plan.id, redirect_mode: "if_required" })).toEqual({
      status: 200,
      body: { customer_id: customer.externalId, payment_url: null },
    });
    // Again: a no-op, still no payment.
    expect(await call(restAttach, "/v1/attach", key.secret, { customer_id: customer.externalId, plan_id: plan.id })).toMatchObject({ status: 200, body: { payment_url: null } });
    const plans = await db().customerPlan.findMany({ where: { customerId: customer.id } });
    expect(plans.map((p) => p.status)).toEqual(["active"]);
    expect(plans[0]).toMatchObject({ enabledByKind: "api_key" });
    expect(await db().grant.findFirst({ where: { customerId: customer.id } })).toMatchObject({ granted: 10, active: true });
  });

  it("do not enable a paid plan without payment, and answer 404 for an unknown plan or customer", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const paid = await createTestPlan({ planId: unique("pro"), price: { amount: 2000, interval: "month" } });
    // Payment is Stripe Checkout's business (lib/billing): here only that nothing is granted before it.
    const answer = await call(rpcAttach, "/v1/billing.attach", key.secret, { customer_id: customer.externalId, plan_id: paid.id });
    expect(answer.body.payment_url).not.toBeNull();
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
    expect(await call(rpcAttach, "/v1/billing.attach", key.secret, { customer_id: customer.externalId, plan_id: unique("nope") })).toMatchObject({
      status: 404,
      body: { code: "plan_not_found" },
    });
    expect(await call(restAttach, "/v1/attach", key.secret, { customer_id: unique("ghost"), plan_id: paid.id })).toMatchObject({
      status: 404,
      body: { code: "customer_not_found" },
    });
  });

  it("refuse a success_url that is not http(s), before anything is enabled", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const plan = await createTestPlan({ planId: unique("free") });
    for (const successUrl of ["javascript:alert(1)", "data:text/html,hi", "not a url"]) {
      expect(await call(rpcAttach, "/v1/billing.attach", key.secret, { customer_id: customer.externalId, plan_id: plan.id, success_url: successUrl })).toEqual({
        status: 400,
        body: { code: "invalid_inputs", message: "success_url: must be an http(s) URL", env: "sandbox" },
      });
    }
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
  });
});
