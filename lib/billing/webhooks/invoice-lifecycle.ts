// What an invoice's state means for the customer plan its subscription bills, after the mirror
// (lib/billing/invoices/mirror-invoice.ts) has recorded it:
//   paid          → billing active, no longer past due; a plan waiting for its first payment starts
//   payment failed → past due (while that invoice is still the open, latest one)
//   void          → a plan still waiting for its first payment expires (its subscription is canceled),
//                   unless the invoice was reissued (invoices.reissue): its replacement is the one to pay
// Handlers pass the invoice as Stripe has it now, so late, repeated or reordered events agree.
import "server-only";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { activatePaidWaitingPlan, expireWaitingPlan, waitsForPayment } from "../lifecycle/awaiting-payment";
import { stripeInvoiceSubscriptionId } from "../invoices/mirror-invoice";
import { REISSUED_AS_METADATA } from "../invoices/schemas";
import { billsRemovedItem, itemStopped } from "./stopped-plan-billing";

export async function applyInvoiceToPlan(tx: Tx, ctx: Ctx, invoice: Stripe.Invoice): Promise<void> {
  const subscriptionId = stripeInvoiceSubscriptionId(invoice);
  if (!subscriptionId) return;
  const plans = await tx.customerPlan.findMany({
    where: { env: ctx.env, stripeSubscriptionId: subscriptionId, status: { in: ["active", "scheduled"] }, billingMode: { in: ["invoice", "card", "checkout"] } },
    orderBy: { id: "asc" },
  });
  const at = new Date();
  for (const cp of plans) {
    if (invoice.status === "paid") {
      await activatePaidWaitingPlan(tx, ctx, cp.id, at);
      if (cp.billingState !== "active" || cp.pastDue) await tx.customerPlan.update({ where: { id: cp.id }, data: { billingState: "active", pastDue: false } });
    } else if (invoice.status === "void" && !invoice.metadata?.[REISSUED_AS_METADATA] && waitsForPayment(cp) && cp.billingState === "awaiting_payment") {
      // (A reissued invoice's void is not the end: its replacement, on the same subscription, is still to pay.)
      await expireWaitingPlan(tx, ctx, cp.id, at);
    }
  }
}

/**
 * invoice.payment_failed on an invoice still open: the plans it bills are past due. Not a plan
 * whose item went from the subscription (it stops at the period's end) when the invoice bills no
 * such item: it was invoiced for its period before (stopped-plan-billing.ts).
 */
export async function markPlansPastDue(tx: Tx, ctx: Ctx, subscription: Stripe.Subscription, invoice: Stripe.Invoice): Promise<void> {
  const where = { env: ctx.env, stripeSubscriptionId: subscription.id, status: { in: ["active" as const, "scheduled" as const] }, billingMode: { in: ["invoice" as const, "card" as const, "checkout" as const] } };
  const plans = await tx.customerPlan.findMany({ where, select: { id: true, cancelAtPeriodEnd: true } });
  const billed = plans.filter((cp) => !itemStopped(subscription, cp) || billsRemovedItem(invoice, subscription, cp.id)).map((cp) => cp.id);
  if (billed.length === 0) return;
  await tx.customerPlan.updateMany({ where: { ...where, id: { in: billed } }, data: { billingState: "past_due", pastDue: true } });
}
