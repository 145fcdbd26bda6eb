// Versions and migration: editing a plan customers have leaves them on their version; staff move
// them to the current one, keeping what was negotiated for each and the usage they have.
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { track } from "@/lib/balances/track";
import { updatePlan } from "./update-plan";
import { migratePlanCustomers } from "./migrate-plan-customers";
import { customersOnOlderVersions } from "./customers-on-older-versions";

const ctx = systemCtx("sandbox", "test");
const balancesOf = async (customerId: string) => (await loadCustomerEntitlements(db(), "sandbox", [customerId])).get(customerId)!.balances;

describe("migrating a plan's customers to its current version", () => {
  it("moves every customer on an older version, keeping usage, negotiated amounts and prices; only admins may", async () => {
    const messages = await createTestFeature({ type: "single_use" });
    const seats = await createTestFeature({ type: "continuous_use" });
    const sso = await createTestFeature({ type: "boolean" });
    const plan = await createTestPlan({
      price: { amount: 2000, interval: "month" },
      items: [
        { featureId: messages.id, included: 100, resetInterval: "month" },
        { featureId: seats.id, included: 3 },
      ],
    });
    const plain = await createTestCustomer();
    const negotiated = await createTestCustomer();
    await enableTestPlan(plain.id, plan.id);
    await enableTestPlan(negotiated.id, plan.id, { customPriceAmount: 1500, overrides: { [messages.id]: { included: 500 } } });
    await track(ctx, { customer_id: plain.externalId!, feature_id: messages.id, value: 40 });

    const edited = await updatePlan(ctx, {
      planId: plan.id,
      items: [
        { featureId: messages.id, included: 200, resetInterval: "month" },
        { featureId: sso.id },
      ],
    });
    expect(edited.version).toBe(2);
    expect(await customersOnOlderVersions(ctx, { planId: plan.id })).toEqual([{ version: 1, customers: 2 }]);
    expect((await balancesOf(plain.id))[messages.id]).toMatchObject({ granted: 100, usage: 40 });

    await expect(migratePlanCustomers(await staffCtx("sandbox", "staff"), { planId: plan.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(await migratePlanCustomers(await staffCtx("sandbox", "admin"), { planId: plan.id })).toEqual({ planId: plan.id, version: 2, migrated: 2 });
    expect(await customersOnOlderVersions(ctx, { planId: plan.id })).toEqual([]);

    const plainAfter = await balancesOf(plain.id);
    expect(plainAfter[messages.id]).toMatchObject({ granted: 200, usage: 40, remaining: 160 });
    expect(plainAfter[seats.id]).toBeUndefined();
    const entitlements = (await loadCustomerEntitlements(db(), "sandbox", [plain.id])).get(plain.id)!;
    expect(entitlements.flags[sso.id]).toMatchObject({ plan_id: plan.id });
    expect((await balancesOf(negotiated.id))[messages.id]).toMatchObject({ granted: 500 });
    const deal = await db().customerPlan.findFirstOrThrow({ where: { customerId: negotiated.id }, include: { planVersion: true } });
    expect(deal).toMatchObject({ customPriceAmount: 1500, planVersion: { version: 2 } });

    // Nothing left to move: a second run is harmless.
    expect(await migratePlanCustomers(ctx, { planId: plan.id })).toMatchObject({ migrated: 0 });
    const audit = await db().auditEvent.count({ where: { action: "customer_plan.migrated", customerId: { in: [plain.id, negotiated.id] } } });
    expect(audit).toBe(2);
  });

  it("can leave custom deals where they are", async () => {
    const messages = await createTestFeature({ type: "single_use" });
    const plan = await createTestPlan({ items: [{ featureId: messages.id, included: 10 }] });
    const custom = await createTestCustomer();
    await enableTestPlan(custom.id, plan.id, { overrides: { [messages.id]: { included: 50 } } });
    await updatePlan(ctx, { planId: plan.id, items: [{ featureId: messages.id, included: 20 }] });
    expect(await migratePlanCustomers(ctx, { planId: plan.id, includeCustom: false })).toMatchObject({ migrated: 0 });
    expect(await migratePlanCustomers(ctx, { planId: plan.id, fromVersion: 1 })).toMatchObject({ migrated: 1 });
  });
});
