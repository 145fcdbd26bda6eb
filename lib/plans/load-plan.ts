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
