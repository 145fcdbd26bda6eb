import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerPlanRefSchema } from "./schemas";
import { auditCustomerPlanChange, fallBackToDefaultPlan } from "./customer-plan-lifecycle";
import { lockCustomerPlan } from "./cancel-customer-plan";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";

export const CUSTOMER_PLAN_REMOVED = "customer_plan.removed";

/**
 * What the removal's audit entry records of the plan's billing (its `target.billing`): the Stripe
 * subscription that billed it then, or null. It outlives the row: a Checkout paid after the
 * removal is told from one that billed the plan by it (refund-duplicate-checkout.ts billsNothing).
 */
export type RemovedPlanBilling = { stripeSubscriptionId: string | null };

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
      const billing: RemovedPlanBilling = { stripeSubscriptionId: cp.stripeSubscriptionId };
      await auditCustomerPlanChange(tx, ctx, CUSTOMER_PLAN_REMOVED, cp, null, { billing });
      if (cp.status === "active") await fallBackToDefaultPlan(tx, ctx, cp, now);
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}
