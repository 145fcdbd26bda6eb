import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { createTestFeature, enableTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { archiveFeature } from "@/lib/features/archive-feature";
import { createPlan } from "./create-plan";
import { updatePlan } from "./update-plan";
import { archivePlan } from "./archive-plan";
import { getPlan } from "./get-plan";
import { listPlans } from "./list-plans";

// Default plans are environment-wide: this file gets a database of its own.
runOnOwnDatabase("catalog");

describe("the plan catalog", () => {
  it("creates a plan with a price and items, normalising what makes no sense for a feature's type", async () => {
    const admin = await staffCtx("sandbox", "admin");
    const messages = await createTestFeature();
    const seats = await createTestFeature({ type: "continuous_use" });
    const sso = await createTestFeature({ type: "boolean" });
    const planId = unique("pro");
    const plan = await createPlan(admin, {
      planId,
      name: "Pro",
      group: "main",
      price: { amount: 2000, currency: "EUR", interval: "month" },
      items: [
        { featureId: messages.id, included: 1000, resetInterval: "month" },
        { featureId: seats.id, included: 5, resetInterval: "month" },
        { featureId: sso.id, included: 7, unlimited: true },
      ],
    });
    expect(plan).toMatchObject({ id: planId, group: "main", version: 1, isDefault: false, isAddOn: false, price: { amount: 2000, currency: "eur", interval: "month" } });
    expect(plan.items.map((i) => [i.featureId, i.included, i.unlimited, i.resetInterval])).toEqual([
      [messages.id, 1000, false, "month"],
      [seats.id, 5, false, "none"],
      [sso.id, 0, false, "none"],
    ]);
    await expect(getPlan(await staffCtx(), { planId })).resolves.toMatchObject({ id: planId });
    await expect(getPlan(admin, { planId: unique("none") })).rejects.toMatchObject({ code: "plan_not_found" });
    expect(await db().auditEvent.count({ where: { targetId: plan.pk, action: "plan.created" } })).toBe(1);
  });

  it("edits a plan no customer has in place; once a customer has it, a price or items change makes a new version", async () => {
    const admin = await staffCtx("sandbox", "admin");
    const messages = await createTestFeature();
    const planId = unique("pro");
    await createPlan(admin, { planId, name: "Pro", price: { amount: 1000, interval: "month" }, items: [{ featureId: messages.id, included: 10 }] });
    const renamed = await updatePlan(admin, { planId, name: "Pro 2025", items: [{ featureId: messages.id, included: 10 }] });
    expect(renamed).toMatchObject({ name: "Pro 2025", version: 1 });
    const draft = await updatePlan(admin, { planId, price: { amount: 1100, interval: "month" } });
    expect(draft).toMatchObject({ version: 1, versionId: renamed.versionId, price: { amount: 1100 } });

    await enableTestPlan((await createTestCustomer()).id, planId);
    const repriced = await updatePlan(admin, { planId, price: { amount: 1200, interval: "month" } });
    expect(repriced).toMatchObject({ version: 2, price: { amount: 1200 }, items: [expect.objectContaining({ included: 10 })] });
    // Nobody has version 2 yet: it is still a draft, edited in place; forceVersion makes one anyway.
    const regranted = await updatePlan(admin, { planId, items: [{ featureId: messages.id, included: 20 }] });
    expect(regranted).toMatchObject({ version: 2, price: { amount: 1200 }, items: [expect.objectContaining({ included: 20 })] });
    const forced = await updatePlan(admin, { planId, items: [{ featureId: messages.id, included: 30 }], forceVersion: true });
    expect(forced).toMatchObject({ version: 3, items: [expect.objectContaining({ included: 30 })] });
    expect(await db().planVersion.count({ where: { planPk: forced.pk } })).toBe(3);
    expect(await getPlan(admin, { planId, version: 1 })).toMatchObject({ version: 1, price: { amount: 1100 }, items: [expect.objectContaining({ included: 10 })] });
    await expect(getPlan(admin, { planId, version: 9 })).rejects.toMatchObject({ code: "plan_not_found" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { targetId: forced.pk, action: "plan.updated" }, orderBy: { createdAt: "desc" } });
    expect(audit.target).toMatchObject({ newVersion: 3 });
  });

  it("requires a default plan to be free and alone in its group", async () => {
    const admin = await staffCtx("sandbox", "admin");
    const group = unique("g");
    await expect(createPlan(admin, { planId: unique("p"), name: "Paid", isDefault: true, price: { amount: 100, interval: "month" } })).rejects.toMatchObject({
      code: "invalid_inputs",
    });
    const free = await createPlan(admin, { planId: unique("free"), name: "Free", group, isDefault: true });
    await expect(createPlan(admin, { planId: unique("free2"), name: "Free 2", group, isDefault: true })).rejects.toMatchObject({ code: "conflict" });
    // Archived, it is no longer a default: another may take its place.
    await archivePlan(admin, { planId: free.id });
    await expect(createPlan(admin, { planId: unique("free3"), name: "Free 3", group, isDefault: true })).resolves.toMatchObject({ isDefault: true });
    await expect(archivePlan(admin, { planId: free.id, archived: false })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses unknown and archived features on new items, duplicates, and non-admins", async () => {
    const admin = await staffCtx("sandbox", "admin");
    const feature = await createTestFeature();
    await expect(createPlan(admin, { planId: unique("p"), name: "P", items: [{ featureId: "nope_" + unique() }] })).rejects.toMatchObject({ code: "invalid_inputs" });
    await expect(
      createPlan(admin, { planId: unique("p"), name: "P", items: [{ featureId: feature.id }, { featureId: feature.id }] }),
    ).rejects.toThrow(/appears twice/);
    const planId = unique("p");
    await createPlan(admin, { planId, name: "P", items: [{ featureId: feature.id, included: 1 }] });
    await expect(createPlan(admin, { planId, name: "Again" })).rejects.toMatchObject({ code: "conflict" });
    await archiveFeature(admin, { featureId: feature.id });
    await expect(createPlan(admin, { planId: unique("p"), name: "P", items: [{ featureId: feature.id }] })).rejects.toThrow(/archived/);
    // A plan that already has the archived feature can still be edited.
    await expect(updatePlan(admin, { planId, items: [{ featureId: feature.id, included: 2 }] })).resolves.toMatchObject({ items: [expect.objectContaining({ included: 2 })] });
    await expect(createPlan(await staffCtx("sandbox", "staff"), { planId: unique("p"), name: "P" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await listPlans(admin)).map((p) => p.id)).toContain(planId);
  });
});
