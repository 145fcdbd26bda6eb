// balances.update against a stream of tracks: the update holds the same grant row locks as the
// check/track statement, so each track is applied either before it or after it, never lost.
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { createTestCustomer } from "@/tests/factories";
import { createMeteredPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { createBalance } from "./create-balance";
import { track } from "./track";
import { updateBalance } from "./update-balance";

const ctx = systemCtx("sandbox", "test");

async function balanceOf(customerId: string, featureId: string) {
  return (await loadCustomerEntitlements(db(), "sandbox", [customerId])).get(customerId)!.balances[featureId]!;
}

describe("balances.update under concurrency", () => {
  it("sets the usage in the middle of 100 concurrent tracks: every track counts before or after it", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 10_000 });
    await enableTestPlan(customer.id, plan.id);
    const ref = customer.externalId!;

    const tracks = Array.from({ length: 100 }, () => track(ctx, { customer_id: ref, feature_id: feature.id, value: 1 }));
    const update = updateBalance(ctx, { customer_id: ref, feature_id: feature.id, usage: 5000 });
    const answers = await Promise.all(tracks);
    await expect(update).resolves.toEqual({ success: true });

    // The tracks after the update answered 5001, 5002, ...; those before it 1, 2, ...
    const usages = answers.map((answer) => answer.balance!.usage).sort((a, b) => a - b);
    const after = usages.filter((usage) => usage > 5000);
    const before = usages.filter((usage) => usage <= 5000);
    expect(after).toEqual(after.map((_, i) => 5001 + i));
    expect(before).toEqual(before.map((_, i) => 1 + i));
    expect(await balanceOf(customer.id, feature.id)).toMatchObject({ usage: 5000 + after.length });
    expect(await db().usageEvent.count({ where: { customerId: customer.id } })).toBe(100);
  });

  // 10 updates: each is a transaction of several statements holding a pooled connection while it
  // waits for the customer's row, and the test pool has 10 connections.
  it("adds to the balance 10 times while 50 tracks run: both counted exactly", async () => {
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 100 });
    await enableTestPlan(customer.id, plan.id);
    const ref = customer.externalId!;
    await createBalance(ctx, { customer_id: ref, feature_id: feature.id, included_grant: 10, balance_id: "extra" });

    await Promise.all([
      ...Array.from({ length: 50 }, () => track(ctx, { customer_id: ref, feature_id: feature.id, value: 1 })),
      ...Array.from({ length: 10 }, () => updateBalance(ctx, { customer_id: ref, feature_id: feature.id, add_to_balance: 1 })),
    ]);

    expect(await balanceOf(customer.id, feature.id)).toMatchObject({ granted: 120, usage: 50, remaining: 70 });
    // add_to_balance lands on the plan's own grant, not on the granted one.
    expect(await db().grant.findFirstOrThrow({ where: { customerId: customer.id, balanceId: "extra" } })).toMatchObject({ granted: 10 });
  });
});
