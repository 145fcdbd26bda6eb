import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { archivePlanSchema } from "./schemas";
import { loadPlan } from "./load-plan";
import { assertDefaultPlanRules } from "./plan-rules";
import { planSnapshot, type PlanView } from "./plan-view";

/**
 * Archives (or restores) a plan. An archived plan stays on the customers that have it (their
 * grants keep working and resetting) but cannot be newly enabled, and is no longer a default.
 */
export async function archivePlan(ctx: Ctx, input: z.input<typeof archivePlanSchema>): Promise<PlanView> {
  authorize(ctx, "catalog:write");
  const { planId, archived } = archivePlanSchema.parse(input);
  return db().$transaction(async (tx) => {
    const before = await loadPlan(tx, ctx.env, planId);
    if (before.archived === archived) return before;
    // Restoring a default plan must not give its group a second default.
    if (!archived) await assertDefaultPlanRules(tx, ctx.env, { ...before, planId: before.id });
    await tx.plan.update({ where: { id: before.pk }, data: { archivedAt: archived ? new Date() : null } });
    const after = await loadPlan(tx, ctx.env, planId);
    await recordAuditEvent(tx, ctx, {
      action: archived ? "plan.archived" : "plan.updated",
      targetType: "plan",
      targetId: after.pk,
      target: { planId: after.id, name: after.name },
      before: planSnapshot(before),
      after: planSnapshot(after),
    });
    return after;
  });
}
