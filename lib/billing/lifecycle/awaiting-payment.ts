// A plan whose features wait for its first payment (billing options `activate: on_payment`,
// Autumn's enable_plan_immediately=false). It is kept as a *scheduled* customer plan whose
// starts_at is a far-future placeholder, so that nothing in the plans area (the lazy transitions
// of check/track and every read, which activate scheduled plans once starts_at has come) can
// activate it, and its grants stay inactive: check and track see the customer's previous plan
// (e.g. the free one) until the payment arrives. When billing is to start is kept in
// term_starts_at. The payment (invoice.paid, a completed Checkout) activates it here, from then;
// a voided first invoice expires it.
import "server-only";
import type { CustomerPlan } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { activateCustomerPlan, auditCustomerPlanChange, endCustomerPlan, lockCustomerGrants } from "@/lib/plans/customer-plan-lifecycle";
import { firstResetAt } from "@/lib/plans/reset-schedule";
import { lockCustomerForGrantChange } from "@/lib/customers/customer-queries";
import { applyDueChangesInTx } from "@/lib/plans/apply-due-changes";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";

import { isAwaitingPaymentStart } from "./awaiting-payment-start";

// The placeholder (and the date shown instead of it) live in a pure module the views can import.
export { AWAITING_PAYMENT_STARTS_AT, isAwaitingPaymentStart, displayStartsAt } from "./awaiting-payment-start";

/** The plan is scheduled only until its first payment (and has not been paid). */
export function waitsForPayment(cp: Pick<CustomerPlan, "status" | "startsAt">): boolean {
  return cp.status === "scheduled" && isAwaitingPaymentStart(cp.startsAt);
}

/** When billing starts (and, once active, when the current contract term began). */
export function billingStartsAt(cp: Pick<CustomerPlan, "startsAt" | "termStartsAt">): Date {
  return cp.termStartsAt ?? cp.startsAt;
}

/**
 * The first payment arrived: the plan becomes active from `at` (replacing its group's plans as any
 * enabled plan does), its balances anchored at `at` rather than at the placeholder.
 */
export async function activatePaidWaitingPlan(tx: Tx, ctx: Ctx, customerPlanId: string, at: Date): Promise<boolean> {
  const cp = await tx.customerPlan.findFirst({ where: { id: customerPlanId, env: ctx.env }, include: { plan: true, grants: true } });
  if (!cp || !waitsForPayment(cp)) return false;
  if (!(await lockCustomerForGrantChange(tx, ctx.env, cp.customerId))) return false;
  await lockCustomerGrants(tx, cp.customerId);
  await applyDueChangesInTx(tx, ctx.env, [cp.customerId], at);
  for (const grant of cp.grants) {
    const resets = grant.resetInterval !== "none";
    await tx.grant.update({
      where: { id: grant.id },
      data: { resetAnchor: resets ? at : null, lastResetAt: resets ? at : null, nextResetAt: firstResetAt(at, grant.resetInterval) },
    });
  }
  await tx.customerPlan.update({ where: { id: cp.id }, data: { startsAt: at } });
  await activateCustomerPlan(tx, ctx, cp.id, at);
  const after = await tx.customerPlan.findUniqueOrThrow({ where: { id: cp.id } });
  await auditCustomerPlanChange(tx, ctx, "customer_plan.activated", cp, after, { reason: "first payment received" });
  return true;
}

/** The first invoice was voided before it was paid: the plan that waited on it expires (and its subscription is canceled). */
export async function expireWaitingPlan(tx: Tx, ctx: Ctx, customerPlanId: string, at: Date): Promise<boolean> {
  const cp = await tx.customerPlan.findFirst({ where: { id: customerPlanId, env: ctx.env }, include: { plan: true } });
  if (!cp || !waitsForPayment(cp)) return false;
  if (!(await lockCustomerForGrantChange(tx, ctx.env, cp.customerId))) return false;
  await lockCustomerGrants(tx, cp.customerId);
  await endCustomerPlan(tx, ctx, cp, { status: "expired", at });
  await tx.customerPlan.update({ where: { id: cp.id }, data: { billingState: "ended" } });
  await emitSubscribedPlanEnded(tx, ctx.env, cp);
  return true;
}
