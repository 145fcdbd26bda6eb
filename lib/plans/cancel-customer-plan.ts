import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { applyDueChangesInTx } from "./apply-due-changes";
import { customerPlanRefSchema } from "./schemas";
import { endCustomerPlan, lockCustomerGrants } from "./customer-plan-lifecycle";
import { lockCustomerForGrantChange } from "@/lib/customers/customer-queries";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";

/** The customer plan with this id in ctx.env, its customer locked and its due changes applied. */
export async function lockCustomerPlan(tx: Tx, ctx: Ctx, customerPlanId: string, now: Date) {
  const found = await tx.customerPlan.findFirst({ where: { id: customerPlanId, env: ctx.env } });
  if (!found) throw new DomainError("not_found", `Customer plan ${customerPlanId} not found`);
  await lockCustomerForGrantChange(tx, ctx.env, found.customerId);
  await lockCustomerGrants(tx, found.customerId);
  await applyDueChangesInTx(tx, ctx.env, [found.customerId], now);
  return tx.customerPlan.findUniqueOrThrow({ where: { id: customerPlanId }, include: { plan: true } });
}

/**
 * Cancels a plan now: what it granted stops counting at once (a scheduled plan simply never
 * starts). The plan stays in the customer's history as canceled. A canceled plan of a group falls
 * back to the group's default plan.
 */
export async function cancelCustomerPlan(ctx: Ctx, input: { customerPlanId: string }, options: { now?: Date } = {}): Promise<void> {
  authorize(ctx, "customers:write");
  const { customerPlanId } = customerPlanRefSchema.parse(input);
  const now = options.now ?? new Date();
  await db().$transaction(
    async (tx) => {
      const cp = await lockCustomerPlan(tx, ctx, customerPlanId, now);
      if (cp.status !== "active" && cp.status !== "scheduled") {
        throw new DomainError("invalid_request", `This plan is already ${cp.status}`);
      }
      await endCustomerPlan(tx, ctx, cp, { status: "canceled", at: now });
      // Billed by a Stripe subscription: the event lets billing stop the subscription (outbox).
      await emitSubscribedPlanEnded(tx, ctx.env, cp);
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}
