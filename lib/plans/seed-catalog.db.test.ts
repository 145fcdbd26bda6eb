// The demo seed's catalog and deals (prisma/seed-catalog.ts), run twice: idempotent.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runOnOwnDatabase } from "@/tests/factories/entitlements";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { seed } from "@/prisma/seed";

// The seed creates a default plan (environment-wide): its own database.
runOnOwnDatabase("seed");

describe("the demo seed", () => {
  it("creates the catalog in both environments and the demo customers' plans, once", async () => {
    await seed(() => undefined);
    await seed(() => undefined);
    for (const env of ["sandbox", "live"] as const) {
      expect((await db().feature.findMany({ where: { env }, orderBy: { featureId: "asc" } })).map((f) => [f.featureId, f.type])).toEqual([
        ["messages", "single_use"],
        ["seats", "continuous_use"],
        ["sso", "boolean"],
      ]);
      expect((await db().plan.findMany({ where: { env }, orderBy: { planId: "asc" } })).map((p) => [p.planId, p.isDefault, p.isAddOn])).toEqual([
        ["enterprise", false, false],
        ["extra_messages", false, true],
        ["free", true, false],
        ["pro", false, false],
      ]);
    }
    const customers = await db().customer.findMany({ where: { env: "sandbox" }, orderBy: { id: "asc" } });
    const entitlements = await loadCustomerEntitlements(db(), "sandbox", customers.map((c) => c.id));
    const john = customers.find((c) => c.externalId === "user_123")!;
    expect(entitlements.get(john.id)!.subscriptions.map((s) => s.plan_id)).toEqual(["free"]);
    expect(entitlements.get(john.id)!.balances.messages).toMatchObject({ granted: 100 });
    const globex = customers.find((c) => c.externalId === null)!;
    expect(entitlements.get(globex.id)!.subscriptions).toEqual([expect.objectContaining({ plan_id: "enterprise", custom: true, price: expect.objectContaining({ amount: 45000 }) })]);
    expect(entitlements.get(globex.id)!.balances.seats).toMatchObject({ granted: 200 });
    expect(entitlements.get(globex.id)!.flags.sso).toBeDefined();
    expect(await db().customerPlan.count()).toBe(customers.length);
  });
});
