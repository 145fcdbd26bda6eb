import "server-only";
import type { Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { currentVersionInclude, planNotFound, toPlanView, type PlanView } from "./plan-view";

/** The plan with this API id in `env`, with its current version; plan_not_found otherwise. */
export async function loadPlan(client: Db | Tx, env: Env, planId: string): Promise<PlanView> {
  const plan = await client.plan.findUnique({ where: { env_planId: { env, planId } }, include: currentVersionInclude });
  if (!plan) throw planNotFound(planId);
  return toPlanView(plan);
}

/** The plan as it was at one version (its price and items then; name and flags as they are now). */
export async function loadPlanVersion(client: Db | Tx, env: Env, planId: string, version: number): Promise<PlanView> {
  const plan = await client.plan.findUnique({
    where: { env_planId: { env, planId } },
    include: { versions: { where: { version }, include: { items: { include: { feature: true }, orderBy: { id: "asc" } } } } },
  });
  if (!plan) throw planNotFound(planId);
  if (plan.versions.length === 0) throw planNotFound(planId, version);
  return toPlanView(plan);
}
