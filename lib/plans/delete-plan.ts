import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { deletePlanSchema } from "./schemas";
import { loadPlan } from "./load-plan";
import { planSnapshot } from "./plan-view";

/**
 * Deletes a plan no customer ever had, with all its versions. A plan a customer has (or had: their
 * history points at it) is refused with 409 plan_in_use, which says how many and to archive it.
 */
export async function deletePlan(ctx: Ctx, input: z.input<typeof deletePlanSchema>): Promise<{ success: true }> {
  authorize(ctx, "catalog:write");
  const { planId } = deletePlanSchema.parse(input);
  await db().$transaction(async (tx) => {
    // Locks the plan row: an enablement (which references it) waits, or this waits for it.
    await tx.$queryRaw`select id from plans where env = ${ctx.env}::"Env" and plan_id = ${planId} for update`;
    const plan = await loadPlan(tx, ctx.env, planId);
    const [current, past] = await Promise.all([
      tx.customerPlan.count({ where: { planPk: plan.pk, status: { in: ["active", "scheduled"] } } }),
      tx.customerPlan.count({ where: { planPk: plan.pk, status: { notIn: ["active", "scheduled"] } } }),
    ]);
    if (current + past > 0) {
      const who = current > 0 ? `${current} customer plan${current === 1 ? " is" : "s are"} active or scheduled` : `${past} past customer plan${past === 1 ? " refers" : "s refer"} to it`;
      throw new DomainError("plan_in_use", `Plan ${planId} is in use (${who}): it cannot be deleted. Archive it instead.`, { field: "planId" });
    }
    await tx.plan.delete({ where: { id: plan.pk } });
    await recordAuditEvent(tx, ctx, {
      action: "plan.deleted",
      targetType: "plan",
      targetId: plan.pk,
      target: { planId: plan.id, name: plan.name },
      before: planSnapshot(plan),
    });
  });
  return { success: true };
}
