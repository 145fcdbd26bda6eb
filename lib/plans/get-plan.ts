import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getPlanSchema } from "./schemas";
import { loadPlan } from "./load-plan";
import type { PlanView } from "./plan-view";

export async function getPlan(ctx: Ctx, input: z.input<typeof getPlanSchema>): Promise<PlanView> {
  authorize(ctx, "catalog:read");
  const { planId } = getPlanSchema.parse(input);
  return loadPlan(db(), ctx.env, planId);
}
