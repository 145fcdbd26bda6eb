import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { createTestCustomer } from "@/tests/factories";
import { createMeteredPlan, createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { check } from "./check";
import { track } from "./track";

const ctx = systemCtx("sandbox", "test");

describe("check and track", () => {
  it("checks, consumes and tracks against a plan's balance", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(customer.id, plan.id);

    const first = await check(ctx, { customer_id: customer.externalId!, feature_id: feature.id });
    expect(first).toMatchObject({ allowed: true, customer_id: customer.externalId, required_balance: 1, flag: null });
    expect(first.balance).toMatchObject({ feature_id: feature.id, granted: 10, usage: 0, remaining: 10, unlimited: false, overage_allowed: false, max_purchase: null });
    expect(typeof first.balance!.next_reset_at).toBe("number");

    const consumed = await check(ctx, { customer_id: customer.externalId!, feature_id: feature.id, required_balance: 3, send_event: true });
    expect(consumed).toMatchObject({ allowed: true, balance: { usage: 3, remaining: 7 } });

    const tracked = await track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 9 });
    expect(tracked).toMatchObject({ customer_id: customer.externalId, value: 9, balance: { usage: 12, remaining: 0, granted: 10 } });

    const refused = await check(ctx, { customer_id: customer.externalId!, feature_id: feature.id, send_event: true });
    expect(refused).toMatchObject({ allowed: false, balance: { usage: 12, remaining: 0 } });

    const givenBack = await track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: -5 });
    expect(givenBack.balance).toMatchObject({ usage: 7, remaining: 3 });

    const events = await db().usageEvent.findMany({ where: { customerId: customer.id } });
    expect(events.map((e) => e.value).sort((a, b) => a - b)).toEqual([-5, 3, 9]);
  });

  it("answers 404s for an unknown customer or feature", async () => {
    const customer = await createTestCustomer();
    const feature = await createTestFeature();
    await expect(check(ctx, { customer_id: "nobody_here", feature_id: feature.id })).rejects.toMatchObject({ code: "customer_not_found" });
    await expect(check(ctx, { customer_id: customer.externalId!, feature_id: "no_such_feature" })).rejects.toMatchObject({ code: "feature_not_found" });
    await expect(track(ctx, { customer_id: "nobody_here", feature_id: feature.id })).rejects.toMatchObject({ code: "customer_not_found" });
    await expect(track(ctx, { customer_id: customer.externalId!, feature_id: "no_such_feature" })).rejects.toMatchObject({ code: "feature_not_found" });
  });

  it("answers boolean features through flag", async () => {
    const customer = await createTestCustomer();
    const sso = await createTestFeature({ type: "boolean" });
    const before = await check(ctx, { customer_id: customer.externalId!, feature_id: sso.id });
    expect(before).toMatchObject({ allowed: false, balance: null, flag: null });
    const plan = await createTestPlan({ items: [{ featureId: sso.id }] });
    await enableTestPlan(customer.id, plan.id);
    const after = await check(ctx, { customer_id: customer.externalId!, feature_id: sso.id, send_event: true });
    expect(after).toMatchObject({ allowed: true, balance: null, flag: { feature_id: sso.id, plan_id: plan.id, expires_at: null } });
    await expect(track(ctx, { customer_id: customer.externalId!, feature_id: sso.id })).rejects.toMatchObject({ code: "invalid_request" });
  });
});
