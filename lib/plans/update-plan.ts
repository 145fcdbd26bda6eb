import "server-only";
import { isDeepStrictEqual } from "node:util";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { updatePlanSchema, type UpdatePlanInput } from "./schemas";
import { assertDefaultPlanRules, resolvePlanItems, writePlanVersion } from "./plan-rules";
import { loadPlan } from "./load-plan";
import { planSnapshot, type PlanView } from "./plan-view";

/**
 * Edits a plan. Name, description, group and flags change in place. A different price or set of
 * items becomes a new version: customers who already have the plan keep the version they got
 * (their customer plan points at it, and their grants are copies), only later enablements get
 * the new one. Nothing an existing customer was granted changes silently.
 */
export async function updatePlan(ctx: Ctx, input: UpdatePlanInput): Promise<PlanView> {
  authorize(ctx, "catalog:write");
  const data = updatePlanSchema.parse(input);
  return db().$transaction(async (tx) => {
    const before = await loadPlan(tx, ctx.env, data.planId);
    const next = {
      name: data.name ?? before.name,
      description: data.description !== undefined ? data.description : before.description,
      group: data.group !== undefined ? data.group : before.group,
      isDefault: data.isDefault ?? before.isDefault,
      isAddOn: data.isAddOn ?? before.isAddOn,
      price: data.price !== undefined ? data.price : before.price,
    };
    await assertDefaultPlanRules(tx, ctx.env, { pk: before.pk, planId: before.id, ...next });

    const currentItems = before.items.map(({ featureId, included, unlimited, resetInterval, overageAllowed }) => ({ featureId, included, unlimited, resetInterval, overageAllowed }));
    const keepArchived = new Set(before.items.map((item) => item.featureId));
    const items = data.items ? await resolvePlanItems(tx, ctx.env, data.items, keepArchived) : undefined;
    const nextItems = items?.map(({ featureId, included, unlimited, resetInterval, overageAllowed }) => ({ featureId, included, unlimited, resetInterval, overageAllowed }));
    const itemsChanged = nextItems !== undefined && !isDeepStrictEqual(sortByFeature(nextItems), sortByFeature(currentItems));
    const priceChanged = !isDeepStrictEqual(next.price, before.price);

    let version = before.version;
    if (itemsChanged || priceChanged) {
      version = before.version + 1;
      const versionItems = items ?? (await resolvePlanItems(tx, ctx.env, currentItems, keepArchived));
      await writePlanVersion(tx, before.pk, version, next.price, versionItems);
    }
    await tx.plan.update({
      where: { id: before.pk },
      data: {
        name: next.name,
        description: next.description,
        group: next.group,
        isDefault: next.isDefault,
        isAddOn: next.isAddOn,
        currentVersion: version,
      },
    });
    const after = await loadPlan(tx, ctx.env, data.planId);
    await recordAuditEvent(tx, ctx, {
      action: "plan.updated",
      targetType: "plan",
      targetId: after.pk,
      target: { planId: after.id, name: after.name, ...(version !== before.version ? { newVersion: version } : {}) },
      before: planSnapshot(before),
      after: planSnapshot(after),
    });
    return after;
  });
}

const sortByFeature = <T extends { featureId: string }>(items: T[]) => [...items].sort((a, b) => a.featureId.localeCompare(b.featureId));
