// Exactness under concurrency: the domain functions called many times at once, against one
// balance, through the app's real pool (DATABASE_POOL_MAX, default 10).
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { createTestCustomer, unique } from "@/tests/factories";
import { createMeteredPlan, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { adjustBalance } from "./adjust-balance";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { check } from "./check";
import { track } from "./track";

const ctx = systemCtx("sandbox", "test");

async function balanceOf(customerId: string, featureId: string) {
  const entitlements = (await loadCustomerEntitlements(db(), "sandbox", [customerId])).get(customerId)!;
  return entitlements.balances[featureId]!;
}

describe("check and track under concurrency", () => {
  it("allows exactly 100 of 200 concurrent consuming checks on a balance of 100", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    await enableTestPlan(customer.id, plan.id);

    const results = await Promise.all(
      Array.from({ length: 200 }, () => check(ctx, { customer_id: customer.externalId!, feature_id: feature.id, required_balance: 1, send_event: true })),
    );

    expect(results.filter((r) => r.allowed)).toHaveLength(100);
    expect(results.filter((r) => !r.allowed)).toHaveLength(100);
    expect(await balanceOf(customer.id, feature.id)).toMatchObject({ granted: 100, usage: 100, remaining: 0 });
    expect(await db().usageEvent.count({ where: { customerId: customer.id } })).toBe(100);
    // Every allowed answer saw a distinct remaining balance: 99, 98, ..., 0.
    const remainders = results.filter((r) => r.allowed).map((r) => r.balance!.remaining);
    expect(new Set(remainders).size).toBe(100);
  });

  it("counts 500 concurrent tracks of 1 exactly, past the grant", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    await enableTestPlan(customer.id, plan.id);
    await track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 7 });

    const results = await Promise.all(Array.from({ length: 500 }, () => track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 1 })));

    expect(results.every((r) => r.value === 1)).toBe(true);
    expect(await balanceOf(customer.id, feature.id)).toMatchObject({ granted: 100, usage: 507, remaining: 0 });
    expect(await db().usageEvent.count({ where: { customerId: customer.id } })).toBe(501);
    const usages = results.map((r) => r.balance!.usage).sort((a, b) => a - b);
    expect(usages[0]).toBe(8);
    expect(usages.at(-1)).toBe(507);
  });

  it("counts an idempotency key sent 20 times at once exactly once, and every caller gets the first answer", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    await enableTestPlan(customer.id, plan.id);
    const key = unique("idem");

    const results = await Promise.all(
      Array.from({ length: 20 }, () => track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 5, idempotency_key: key })),
    );

    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]).toMatchObject({ value: 5, balance: { usage: 5, remaining: 95 } });
    expect(await balanceOf(customer.id, feature.id)).toMatchObject({ usage: 5 });
    expect(await db().usageEvent.count({ where: { customerId: customer.id } })).toBe(1);

    await expect(track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 6, idempotency_key: key })).rejects.toMatchObject({
      code: "idempotency_conflict",
    });
    // A replay later still answers the first answer, and still counts nothing.
    await expect(track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 5, idempotency_key: key })).resolves.toEqual(results[0]);
    expect(await balanceOf(customer.id, feature.id)).toMatchObject({ usage: 5 });
  });

  it("stays exact while plans are enabled and balances adjusted during a stream of tracks (no deadlock)", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    await enableTestPlan(customer.id, plan.id);
    const addOn = await createTestPlan({ isAddOn: true, items: [{ featureId: feature.id, included: 10 }] });

    const tracks = Array.from({ length: 300 }, () => track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value: 1 }));
    const changes = [
      ...Array.from({ length: 3 }, () => enableTestPlan(customer.id, addOn.id)),
      ...Array.from({ length: 5 }, () => adjustBalance(ctx, { customerId: customer.id, featureId: feature.id, delta: 1, reason: "load test" })),
    ];
    await Promise.all([...tracks, ...changes]);

    // Usage on add-on grants counts too: the total is every tracked unit, whichever grant took it.
    expect(await balanceOf(customer.id, feature.id)).toMatchObject({ granted: 100 + 3 * 10 + 5, usage: 300 });
    expect(await db().usageEvent.count({ where: { customerId: customer.id } })).toBe(300);
  });
});
