import "server-only";
import type { Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { currentVersionInclude, planNotFound, toPlanView, type PlanView } from "./plan-view";

/** The plan with this API id in `env`, with its current version; plan_not_found otherwise. */
export async function loadPlan(client: Db | Tx, env: Env, planId: string): Promise<PlanView> {
  const plan = await client.plan.findUnique({ where: { env_planId: { env, planId } }, include: currentVersionInclude });
  if (!plan) throw planNotFound(planId);
  const view = toPlanView(plan);
  const [named = view] = await withEntityFeatureIds(client, env, [view]);
  return named;
}

/** The plan as it was at one version (its price and items then; name and flags as they are now). */
export async function loadPlanVersion(client: Db | Tx, env: Env, planId: string, version: number): Promise<PlanView> {
  const plan = await client.plan.findUnique({
    where: { env_planId: { env, planId } },
    include: { versions: { where: { version }, include: { items: { include: { feature: true }, orderBy: { id: "asc" } } } } },
  });
  if (!plan) throw planNotFound(planId);
  if (plan.versions.length === 0) throw planNotFound(planId, version);
  const view = toPlanView(plan);
  const [named = view] = await withEntityFeatureIds(client, env, [view]);
  return named;
}

/**
 * Names the feature of each per-entity item by its API id (plan_items keep its internal id, and
 * the schema has no relation for it), for the API and the plan editor.
 */
export async function withEntityFeatureIds<P extends PlanView>(client: Db | Tx, env: Env, plans: P[]): Promise<P[]> {
  const pks = [...new Set(plans.flatMap((plan) => plan.items.flatMap((item) => (item.entityFeaturePk ? [item.entityFeaturePk] : []))))];
  if (pks.length === 0) return plans;
  const features = await client.feature.findMany({ where: { env, id: { in: pks } }, select: { id: true, featureId: true } });
  const idOf = new Map(features.map((feature) => [feature.id, feature.featureId]));
  return plans.map((plan) => ({
    ...plan,
    items: plan.items.map((item) => (item.entityFeaturePk ? { ...item, entityFeatureId: idOf.get(item.entityFeaturePk) ?? null } : item)),
  }));
}
