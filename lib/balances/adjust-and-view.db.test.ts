import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx } from "@/tests/factories";
import { createMeteredPlan, createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { adjustBalance } from "./adjust-balance";
import { getCustomerBalances } from "./get-customer-balances";
import { check } from "./check";
import { track } from "./track";

const ctx = systemCtx("sandbox", "test");
const at = (iso: string) => new Date(iso);

describe("manual balance adjustments", () => {
  it("lets staff add to or set the granted amount, with a reason, audited, kept across resets", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    await enableTestPlan(customer.id, plan.id, { now: at("2025-01-10T00:00:00Z") });
    await track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 90 }, { now: at("2025-01-11T00:00:00Z") });
    const staff = await staffCtx();

    const added = await adjustBalance(staff, { customerId: customer.id, featureId: feature.id, delta: 50, reason: "Support ticket 123" }, { now: at("2025-01-12T00:00:00Z") });
    expect(added).toMatchObject({ granted: 150, usage: 90, remaining: 60 });
    const set = await adjustBalance(staff, { customerId: customer.id, featureId: feature.id, newGranted: 500, reason: "Upsell pending" }, { now: at("2025-01-12T00:00:00Z") });
    expect(set).toMatchObject({ granted: 500, remaining: 410 });

    const audit = await db().auditEvent.findMany({ where: { customerId: customer.id, action: "balance.adjusted" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => [e.actorKind, (e.target as { reason: string }).reason, (e.before as { granted: number }).granted, (e.after as { granted: number }).granted])).toEqual([
      ["staff", "Support ticket 123", 100, 150],
      ["staff", "Upsell pending", 150, 500],
    ]);
    // The reset gives usage back; the adjustment stays.
    await expect(check(ctx, { customer_id: customer.externalId!, feature_id: feature.id }, { now: at("2025-02-10T00:00:00Z") })).resolves.toMatchObject({
      balance: { granted: 500, usage: 0 },
    });

    await expect(adjustBalance(staff, { customerId: customer.id, featureId: feature.id, delta: -1000, reason: "x" })).rejects.toMatchObject({ code: "invalid_inputs" });
    await expect(adjustBalance(staff, { customerId: customer.id, featureId: feature.id, delta: 1, reason: " " })).rejects.toThrow(/reason/);
    const unrelated = await createTestFeature();
    await expect(adjustBalance(staff, { customerId: customer.id, featureId: unrelated.id, delta: 1, reason: "x" })).rejects.toMatchObject({ code: "balance_not_found" });
    const { feature: other } = await createMeteredPlan({ included: 1 });
    await expect(adjustBalance(staff, { customerId: "cus_missing", featureId: other.id, delta: 1, reason: "x" })).rejects.toMatchObject({ code: "customer_not_found" });
  });
});

describe("the customer's balances for the dashboard", () => {
  it("lists balances with their sources, flags, and 30 days of daily usage", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    const sso = await createTestFeature({ type: "boolean" });
    const ssoPlan = await createTestPlan({ isAddOn: true, items: [{ featureId: sso.id }] });
    await enableTestPlan(customer.id, plan.id, { now: at("2025-03-01T00:00:00Z") });
    await enableTestPlan(customer.id, ssoPlan.id, { now: at("2025-03-01T00:00:00Z") });
    for (const [when, value] of [["2025-03-10T08:00:00Z", 2], ["2025-03-10T20:00:00Z", 3], ["2025-03-20T00:00:00Z", 5]] as const) {
      await track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value }, { now: at(when) });
    }
    const view = await getCustomerBalances(await staffCtx(), { customerId: customer.id }, { now: at("2025-03-25T12:00:00Z") });
    const [balance] = view.balances;
    expect(balance).toMatchObject({ featureId: feature.id, balance: { granted: 100, usage: 10, breakdown: [expect.objectContaining({ plan_id: plan.id })] } });
    expect(balance!.series).toHaveLength(30);
    expect(balance!.series[0]!.date).toBe("2025-02-24");
    expect(balance!.series.at(-1)!.date).toBe("2025-03-25");
    expect(balance!.series.filter((d) => d.usage > 0)).toEqual([
      { date: "2025-03-10", usage: 5 },
      { date: "2025-03-20", usage: 5 },
    ]);
    expect(view.flags).toEqual([expect.objectContaining({ featureId: sso.id, flag: expect.objectContaining({ plan_id: ssoPlan.id }) })]);
  });
});

describe("track by event name", () => {
  it("counts an event against every feature listing it", async () => {
    const customer = await createTestCustomer();
    const event = `evt_${customer.id}`;
    const a = await createTestFeature({ eventNames: [event] });
    const b = await createTestFeature({ eventNames: [event, "other"] });
    const plan = await createTestPlan({ items: [{ featureId: a.id, included: 10 }, { featureId: b.id, included: 20 }] });
    await enableTestPlan(customer.id, plan.id);
    const result = await track(ctx, { customer_id: customer.externalId!, event_name: event, value: 2 });
    expect(result).toMatchObject({ value: 2, event_name: event, balance: null, balances: { [a.id]: { usage: 2, remaining: 8 }, [b.id]: { usage: 2, remaining: 18 } } });
    const events = await db().usageEvent.findMany({ where: { customerId: customer.id } });
    expect(events.map((e) => e.eventName)).toEqual([event, event]);
    await expect(track(ctx, { customer_id: customer.externalId!, event_name: "nobody_listens" })).rejects.toMatchObject({ code: "feature_not_found" });
    await expect(track(ctx, { customer_id: customer.externalId! })).rejects.toThrow(/feature_id or event_name/);
  });
});
