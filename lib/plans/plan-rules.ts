// Rules shared by creating and editing plans: items name existing features of the environment,
// a default plan is free, and a group has at most one default plan.
import "server-only";
import type { z } from "zod";
import type { Env, Feature, ResetInterval } from "@/lib/generated/prisma";
import type { Tx } from "@/lib/db";
import { DomainError, invalidInputs } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { planItemSchema } from "./schemas";
import { isPaidPrice, type PlanPrice } from "./plan-view";

type PlanItemInput = z.output<typeof planItemSchema>;
export type ResolvedPlanItem = Omit<PlanItemInput, "overageAllowed" | "entityFeatureId"> & {
  overageAllowed: boolean;
  feature: Feature;
  entityFeatureId: string | null;
  /** The continuous-use feature whose entities each get the item (see planItemSchema). */
  entityFeature: Feature | null;
};

/**
 * Looks up the items' features. A feature that is archived may stay on a plan that already had
 * it (`allowArchived`), but cannot be newly added. Intervals that make no sense for the feature's
 * type are normalised: only single-use features reset.
 */
export async function resolvePlanItems(tx: Tx, env: Env, items: PlanItemInput[], allowArchived: ReadonlySet<string> = new Set()): Promise<ResolvedPlanItem[]> {
  if (items.length === 0) return [];
  const referenced = items.flatMap((item) => (item.entityFeatureId ? [item.featureId, item.entityFeatureId] : [item.featureId]));
  const features = await tx.feature.findMany({ where: { env, featureId: { in: [...new Set(referenced)] } } });
  const byId = new Map(features.map((feature) => [feature.featureId, feature]));
  return items.map((item, index) => {
    const feature = byId.get(item.featureId);
    if (!feature) throw invalidInputs(`items.${index}.featureId`, `feature ${item.featureId} does not exist`);
    if (feature.archivedAt && !allowArchived.has(feature.featureId)) {
      throw invalidInputs(`items.${index}.featureId`, `feature ${item.featureId} is archived`);
    }
    const resetInterval: ResetInterval = feature.type === "single_use" ? item.resetInterval : "none";
    const metered = feature.type !== "boolean";
    const entityFeature = item.entityFeatureId ? resolveEntityFeature(byId, item.featureId, item.entityFeatureId, index, allowArchived) : null;
    return {
      ...item,
      entityFeatureId: entityFeature?.featureId ?? null,
      entityFeature,
      included: metered && !item.unlimited ? item.included : 0,
      unlimited: metered && item.unlimited,
      overageAllowed: metered && (item.overageAllowed ?? false),
      resetInterval,
      feature,
    };
  });
}

/**
 * The feature a per-entity item is granted per entity of: a continuous-use feature of the
 * environment (entities are created under those), and not the item's own feature.
 */
function resolveEntityFeature(byId: Map<string, Feature>, featureId: string, entityFeatureId: string, index: number, allowArchived: ReadonlySet<string>): Feature {
  const field = `items.${index}.entityFeatureId`;
  if (entityFeatureId === featureId) throw invalidInputs(field, `feature ${featureId} cannot be granted per entity of itself`);
  const feature = byId.get(entityFeatureId);
  if (!feature) throw invalidInputs(field, `feature ${entityFeatureId} does not exist`);
  if (feature.type !== "continuous_use") {
    throw invalidInputs(field, `feature ${entityFeatureId} is not a continuous-use feature: items can only be granted per entity of a continuous-use feature (seats, workspaces)`);
  }
  if (feature.archivedAt && !allowArchived.has(feature.featureId)) throw invalidInputs(field, `feature ${entityFeatureId} is archived`);
  return feature;
}

export async function assertDefaultPlanRules(
  tx: Tx,
  env: Env,
  plan: { pk?: string; planId: string; isDefault: boolean; isAddOn: boolean; group: string | null; price: PlanPrice | null },
): Promise<void> {
  if (!plan.isDefault) return;
  if (isPaidPrice(plan.price)) throw invalidInputs("isDefault", "a default plan must be free: it is enabled for every new customer without payment");
  if (plan.isAddOn || plan.group === null) return;
  const other = await tx.plan.findFirst({
    where: { env, group: plan.group, isDefault: true, isAddOn: false, archivedAt: null, ...(plan.pk ? { id: { not: plan.pk } } : {}) },
  });
  if (other) {
    throw new DomainError("conflict", `Plan ${other.planId} is already the default plan of group ${plan.group}`, { field: "isDefault" });
  }
}

/** Writes one version of a plan (its price and items). Once a customer has it, a version is never edited. */
export async function writePlanVersion(tx: Tx, planPk: string, version: number, price: PlanPrice | null, items: ResolvedPlanItem[]) {
  const row = await tx.planVersion.create({
    data: {
      id: newId("plv"),
      planPk,
      version,
      priceAmount: price?.amount ?? null,
      currency: price?.currency ?? "usd",
      priceInterval: price?.interval ?? null,
    },
  });
  await writePlanItems(tx, row.id, items);
  return row;
}

/** Replaces a version's price and items: only for a version no customer has (see updatePlan). */
export async function rewritePlanVersion(tx: Tx, versionId: string, price: PlanPrice | null, items: ResolvedPlanItem[]) {
  await tx.planItem.deleteMany({ where: { planVersionId: versionId } });
  await tx.planVersion.update({
    where: { id: versionId },
    data: { priceAmount: price?.amount ?? null, currency: price?.currency ?? "usd", priceInterval: price?.interval ?? null },
  });
  await writePlanItems(tx, versionId, items);
}

async function writePlanItems(tx: Tx, planVersionId: string, items: ResolvedPlanItem[]) {
  if (items.length > 0) {
    await tx.planItem.createMany({
      data: items.map((item) => ({
        id: newId("pit"),
        planVersionId,
        featurePk: item.feature.id,
        included: item.included,
        unlimited: item.unlimited,
        resetInterval: item.resetInterval,
        overageAllowed: item.overageAllowed,
        entityFeaturePk: item.entityFeature?.id ?? null,
      })),
    });
  }
}
