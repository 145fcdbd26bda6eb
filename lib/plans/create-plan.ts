import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { createPlanSchema, type CreatePlanInput } from "./schemas";
import { assertDefaultPlanRules, resolvePlanItems, writePlanVersion } from "./plan-rules";
import { loadPlan } from "./load-plan";
import { freeTrialColumns, planSnapshot, type PlanView } from "./plan-view";
import type { Prisma } from "@/lib/generated/prisma";
import { isUniqueViolation } from "@/lib/db-unique-violation";

export async function createPlan(ctx: Ctx, input: CreatePlanInput): Promise<PlanView> {
  authorize(ctx, "catalog:write");
  const data = createPlanSchema.parse(input);
  try {
    return await db().$transaction(async (tx) => {
      const items = await resolvePlanItems(tx, ctx.env, data.items);
      await assertDefaultPlanRules(tx, ctx.env, data);
      const plan = await tx.plan.create({
        data: {
          id: newId("pln"),
          env: ctx.env,
          planId: data.planId,
          name: data.name,
          description: data.description,
          group: data.group,
          isDefault: data.isDefault,
          isAddOn: data.isAddOn,
          currentVersion: 1,
          ...freeTrialColumns(data.freeTrial),
          metadata: data.metadata as Prisma.InputJsonObject,
        },
      });
      await writePlanVersion(tx, plan.id, 1, data.price, items);
      const view = await loadPlan(tx, ctx.env, plan.planId);
      await recordAuditEvent(tx, ctx, {
        action: "plan.created",
        targetType: "plan",
        targetId: plan.id,
        target: { planId: plan.planId, name: plan.name },
        after: planSnapshot(view),
      });
      return view;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", `A plan with id ${data.planId} already exists`, { field: "planId" });
    throw error;
  }
}
