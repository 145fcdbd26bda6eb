import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerPlanRefSchema } from "./schemas";
import { auditCustomerPlanChange, fallBackToDefaultPlan } from "./customer-plan-lifecycle";
import { lockCustomerPlan } from "./cancel-customer-plan";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";

/**
 * Removes a plan from the customer entirely (e.g. enabled by mistake): the customer plan and
 * exactly the grants it made are deleted; other plans' grants are untouched. Usage events stay.
 */
export async function removeCustomerPlan(ctx: Ctx, input: { customerPlanId: string }, options: { now?: Date } = {}): Promise<void> {
  authorize(ctx, "customers:write");
  const { customerPlanId } = customerPlanRefSchema.parse(input);
  const now = options.now ?? new Date();
  await db().$transaction(
    async (tx) => {
      const cp = await lockCustomerPlan(tx, ctx, customerPlanId, now);
      await tx.customerPlan.delete({ where: { id: cp.id } });
      // Billed by a Stripe subscription: the event lets billing stop the subscription (outbox).
      await emitSubscribedPlanEnded(tx, ctx.env, cp);
      await auditCustomerPlanChange(tx, ctx, "customer_plan.removed", cp, null);
      if (cp.status === "active") await fallBackToDefaultPlan(tx, ctx, cp, now);
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}
