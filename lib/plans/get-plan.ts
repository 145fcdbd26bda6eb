import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getPlanSchema } from "./schemas";
import { loadPlan, loadPlanVersion } from "./load-plan";
import type { PlanView } from "./plan-view";

export async function getPlan(ctx: Ctx, input: z.input<typeof getPlanSchema>): Promise<PlanView> {
  authorize(ctx, "catalog:read");
  const { planId, version } = getPlanSchema.parse(input);
  return version === undefined ? loadPlan(db(), ctx.env, planId) : loadPlanVersion(db(), ctx.env, planId, version);
}
