import "server-only";
import { isDeepStrictEqual } from "node:util";
import type { Ctx } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { updatePlanSchema, type UpdatePlanInput } from "./schemas";
import { assertDefaultPlanRules, resolvePlanItems, rewritePlanVersion, writePlanVersion } from "./plan-rules";
import { loadPlan } from "./load-plan";
import { freeTrialColumns, planSnapshot, type PlanView } from "./plan-view";
import { isUniqueViolation } from "@/lib/db-unique-violation";
import { migratePlanCustomers } from "./migrate-plan-customers";
import type { z } from "zod";

/**
 * Edits a plan. Name, description, group, flags, free trial and metadata change in place. A
 * different price or set of items changes the current version in place while no customer has it;
 * once a customer has it, the change becomes a new version: those customers keep the version they
 * got (their customer plan points at it, and their grants are copies) until staff migrate them
 * (migratePlanCustomers), and only later enablements get the new one. Nothing an existing customer
 * was granted changes silently. `forceVersion` makes a new version even without customers.
 */
export async function updatePlan(ctx: Ctx, input: UpdatePlanInput): Promise<PlanView> {
  authorize(ctx, "catalog:write");
  const data = updatePlanSchema.parse(input);
  const plan = await editPlan(ctx, data);
  if (!data.migrateCustomers) return plan;
  await migratePlanCustomers(ctx, { planId: plan.id, includeCustom: data.migrateCustomers.includeCustom });
  return plan;
}

async function editPlan(ctx: Ctx, data: z.output<typeof updatePlanSchema>): Promise<PlanView> {
  try {
    return await db().$transaction(async (tx) => {
      const before = await loadPlan(tx, ctx.env, data.planId);
      const next = {
        name: data.name ?? before.name,
        description: data.description !== undefined ? data.description : before.description,
        group: data.group !== undefined ? data.group : before.group,
        isDefault: data.isDefault ?? before.isDefault,
        isAddOn: data.isAddOn ?? before.isAddOn,
        price: data.price !== undefined ? data.price : before.price,
        freeTrial: data.freeTrial !== undefined ? data.freeTrial : before.freeTrial,
        metadata: data.metadata ?? before.metadata,
        archived: data.archived ?? before.archived,
      };
      if (!next.archived) await assertDefaultPlanRules(tx, ctx.env, { pk: before.pk, planId: before.id, ...next });

      // The per-entity link is part of an item: a new version without it would grant per customer.
      const currentItems = before.items.map(({ featureId, included, unlimited, resetInterval, overageAllowed, entityFeatureId }) => ({
        featureId,
        included,
        unlimited,
        resetInterval,
        overageAllowed,
        entityFeatureId: entityFeatureId ?? null,
      }));
      const keepArchived = new Set(before.items.flatMap((item) => (item.entityFeatureId ? [item.featureId, item.entityFeatureId] : [item.featureId])));
      // An item that does not say whether it allows overage takes `overage`, else keeps what the plan's item says.
      const givenItems = (data.items ?? (data.overage ? currentItems : undefined))?.map((item) => ({
        ...item,
        overageAllowed: (data.items ? item.overageAllowed : undefined) ?? data.overage?.[item.featureId] ?? before.items.find((i) => i.featureId === item.featureId)?.overageAllowed,
        entityFeatureId: item.entityFeatureId !== undefined ? item.entityFeatureId : (currentItems.find((i) => i.featureId === item.featureId)?.entityFeatureId ?? null),
      }));
      const items = givenItems ? await resolvePlanItems(tx, ctx.env, givenItems, keepArchived) : undefined;
      const nextItems = items?.map(({ featureId, included, unlimited, resetInterval, overageAllowed, entityFeatureId }) => ({ featureId, included, unlimited, resetInterval, overageAllowed, entityFeatureId }));
      const itemsChanged = nextItems !== undefined && !isDeepStrictEqual(sortByFeature(nextItems), sortByFeature(currentItems));
      const priceChanged = !isDeepStrictEqual(next.price, before.price);

      let version = before.version;
      if (itemsChanged || priceChanged) {
        const versionItems = items ?? (await resolvePlanItems(tx, ctx.env, currentItems, keepArchived));
        // Locks the version row: an enablement that already references it (its foreign key holds
        // a key-share lock until it commits) is waited for and counted, never edited under.
        await tx.$queryRaw`select id from plan_versions where id = ${before.versionId} for update`;
        const customersOnIt = await tx.customerPlan.count({ where: { planVersionId: before.versionId } });
        if (customersOnIt > 0 || data.forceVersion) {
          version = before.version + 1;
          await writePlanVersion(tx, before.pk, version, next.price, versionItems);
        } else {
          await rewritePlanVersion(tx, before.versionId, next.price, versionItems);
        }
      }
      const planId = data.newPlanId ?? before.id;
      if (planId !== before.id) {
        const customers = await tx.customerPlan.count({ where: { planPk: before.pk } });
        if (customers > 0) {
          throw new DomainError("plan_in_use", `Plan ${before.id} has been enabled for ${customers} customer plan${customers === 1 ? "" : "s"}: its id cannot change`, { field: "newPlanId" });
        }
      }
      await tx.plan.update({
        where: { id: before.pk },
        data: {
          planId,
          name: next.name,
          description: next.description,
          group: next.group,
          isDefault: next.isDefault,
          isAddOn: next.isAddOn,
          currentVersion: version,
          ...freeTrialColumns(next.freeTrial),
          metadata: next.metadata as Prisma.InputJsonObject,
          ...(next.archived !== before.archived ? { archivedAt: next.archived ? new Date() : null } : {}),
        },
      });
      const after = await loadPlan(tx, ctx.env, planId);
      await recordAuditEvent(tx, ctx, {
        action: !before.archived && after.archived ? "plan.archived" : "plan.updated",
        targetType: "plan",
        targetId: after.pk,
        target: { planId: after.id, name: after.name, ...(version !== before.version ? { newVersion: version } : {}) },
        before: planSnapshot(before),
        after: planSnapshot(after),
      });
      return after;
    });
  } catch (error) {
    if (data.newPlanId && isUniqueViolation(error)) throw new DomainError("conflict", `A plan with id ${data.newPlanId} already exists`, { field: "newPlanId" });
    throw error;
  }
}

const sortByFeature = <T extends { featureId: string }>(items: T[]) => [...items].sort((a, b) => a.featureId.localeCompare(b.featureId));
