import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { listPlansSchema } from "./schemas";
import { currentVersionInclude, toPlanView, type PlanView } from "./plan-view";

export async function listPlans(ctx: Ctx, input?: z.input<typeof listPlansSchema>): Promise<PlanView[]> {
  authorize(ctx, "catalog:read");
  const { includeArchived } = listPlansSchema.parse(input);
  const plans = await db().plan.findMany({
    where: { env: ctx.env, ...(includeArchived ? {} : { archivedAt: null }) },
    include: currentVersionInclude,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return plans.map(toPlanView);
}
