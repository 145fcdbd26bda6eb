import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getPlanSchema } from "./schemas";
import { loadPlan } from "./load-plan";

/** How many active or scheduled customer plans are on each version older than the plan's current one. */
export async function customersOnOlderVersions(ctx: Ctx, input: z.input<typeof getPlanSchema>): Promise<{ version: number; customers: number }[]> {
  authorize(ctx, "catalog:read");
  const { planId } = getPlanSchema.parse(input);
  const plan = await loadPlan(db(), ctx.env, planId);
  const rows = await db().customerPlan.groupBy({
    by: ["planVersionId"],
    where: { env: ctx.env, planPk: plan.pk, status: { in: ["active", "scheduled"] }, planVersionId: { not: plan.versionId } },
    _count: { _all: true },
  });
  const versions = await db().planVersion.findMany({ where: { id: { in: rows.map((row) => row.planVersionId) } }, select: { id: true, version: true } });
  const numberOf = new Map(versions.map((v) => [v.id, v.version]));
  return rows.map((row) => ({ version: numberOf.get(row.planVersionId) ?? 0, customers: row._count._all })).sort((a, b) => a.version - b.version);
}
