// A second Checkout paid for a customer plan that another subscription already bills (two tabs
// paid one after the other, or at the same moment): that second subscription bills nothing, so it
// is cancelled and what it charged is given back. Stripe's model: each paid invoice of the
// subscription was paid by a PaymentIntent (its invoice payment); a refund names that PaymentIntent.
//
// Two paths end such a subscription, and both refund through cancelAndRefundDuplicate: the
// completion webhook (complete-checkout.ts) when it already sees the other subscription, and the
// SUBSCRIBED_PLAN_ENDED job (cancel-stripe-subscription.ts) that the subscription's own events
// emit when they cannot link it (two completions processed at once: neither saw the other when it
// read, and the second one's apply found the plan billed by the first). Safe to run again, at once
// and in any order: a cancelled subscription is not cancelled again, a PaymentIntent already
// refunded is not refunded again, and each refund carries an idempotency key per PaymentIntent (two
// runs racing past the check get Stripe's one refund back).
//
// A Checkout paid after its plan ended (staff canceled it, or a switch replaced it, while the
// customer was paying) bills nothing either: it is cancelled and refunded the same way. So is one
// paid after staff REMOVED its plan (the row deleted): the removal's audit entry says which
// subscription, if any, billed the plan then (remove-customer-plan.ts), since the row is gone.
//
// A subscription that billed its plan (linked to it here) and is cancelled because the plan ended
// (upgrade, staff cancel, contract end) is no duplicate: it is never refunded here.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { stripeFor } from "../stripe-client";
import { callStripe } from "../stripe-errors";
import { customerPlanFromMetadata } from "../lifecycle/start-billing";
import { CUSTOMER_PLAN_REMOVED, type RemovedPlanBilling } from "@/lib/plans/remove-customer-plan";
import { ENDED_SUBSCRIPTION_STATUSES, idOf } from "./subscription-fields";

/**
 * Why `subscription`, made for one customer plan (its metadata), bills nothing here: "duplicate"
 * when another subscription bills that plan (a plan's link is set once, to the first), "plan_ended"
 * when the plan ended before it was paid (canceled, replaced or removed while the customer was in
 * Checkout: only a live plan is ever linked). Null for a subscription any customer plan names as
 * its own (or named before its removal), or made for no single plan.
 */
export async function billsNothing(env: Env, subscription: Stripe.Subscription): Promise<"duplicate" | "plan_ended" | null> {
  const customerPlanId = customerPlanFromMetadata(subscription.metadata, env);
  if (!customerPlanId) return null;
  const linked = await db().customerPlan.findFirst({ where: { env, stripeSubscriptionId: subscription.id }, select: { id: true } });
  if (linked) return null;
  const cp = await db().customerPlan.findFirst({ where: { id: customerPlanId, env }, select: { stripeSubscriptionId: true, status: true } });
  if (!cp) return removedPlanBilledBy(env, customerPlanId, subscription);
  if (cp.stripeSubscriptionId !== null && cp.stripeSubscriptionId !== subscription.id) return "duplicate";
  return cp.status === "active" || cp.status === "scheduled" ? null : "plan_ended";
}

/**
 * A plan no row holds any more: staff removed it (its row deleted). What billed it then is in the
 * removal's audit entry: nothing ("plan_ended": removed while the customer was in Checkout, so
 * this subscription bills nothing), another subscription ("duplicate"), or this one (null: it
 * billed the plan, and the removal's SUBSCRIBED_PLAN_ENDED job cancels it without a refund, as
 * for a plan that ended after its subscription billed it). Null too when nothing says (no removal
 * recorded, e.g. the customer deleted, or an entry from before removals recorded it): never a
 * refund on a guess.
 */
async function removedPlanBilledBy(env: Env, customerPlanId: string, subscription: Stripe.Subscription): Promise<"duplicate" | "plan_ended" | null> {
  const removal = await db().auditEvent.findFirst({
    where: { env, action: CUSTOMER_PLAN_REMOVED, targetType: "customer_plan", targetId: customerPlanId },
    orderBy: { createdAt: "desc" },
    select: { target: true },
  });
  const target = removal?.target;
  const billing = target && typeof target === "object" && !Array.isArray(target) ? (target as { billing?: RemovedPlanBilling }).billing : undefined;
  if (!billing || typeof billing !== "object" || !("stripeSubscriptionId" in billing)) return null;
  if (billing.stripeSubscriptionId === null) return "plan_ended";
  return billing.stripeSubscriptionId === subscription.id ? null : "duplicate";
}

/**
 * Cancels a subscription that bills nothing (when still live) and refunds what each of its paid
 * invoices took; the refunds made now. Stripe's reason: "duplicate" for a second payment of a plan,
 * "requested_by_customer" for a plan that had ended when it was paid.
 */
export async function cancelAndRefundDuplicate(env: Env, subscription: Stripe.Subscription, why: "duplicate" | "plan_ended" = "duplicate"): Promise<Stripe.Refund[]> {
  const stripe = stripeFor(env);
  if (!ENDED_SUBSCRIPTION_STATUSES.has(subscription.status)) {
    await callStripe(env, "cancel the duplicate subscription", () =>
      stripe.subscriptions.cancel(subscription.id, {}, { idempotencyKey: `equinox-cancel-duplicate-${subscription.id}` }),
    );
  }
  const invoices = await callStripe(env, "read the duplicate's invoices", () => stripe.invoices.list({ subscription: subscription.id, status: "paid", limit: 100 }));
  const refunds: Stripe.Refund[] = [];
  for (const invoice of invoices.data) {
    const payments = await callStripe(env, "read the duplicate's payments", () => stripe.invoicePayments.list({ invoice: invoice.id!, limit: 100 }));
    for (const payment of payments.data) {
      const intentId = idOf(payment.payment.payment_intent);
      if (payment.status !== "paid" || !intentId) continue;
      const refunded = await callStripe(env, "read the duplicate's refunds", () => stripe.refunds.list({ payment_intent: intentId, limit: 100 }));
      const given = refunded.data.filter((refund) => refund.status === "succeeded" || refund.status === "pending").reduce((sum, refund) => sum + refund.amount, 0);
      if (given >= (payment.amount_paid ?? 0)) continue;
      refunds.push(
        await callStripe(env, "refund the duplicate payment", () =>
          stripe.refunds.create(
            { payment_intent: intentId, reason: why === "duplicate" ? "duplicate" : "requested_by_customer", metadata: { equinox_subscription_id: subscription.id } },
            { idempotencyKey: `equinox-refund-duplicate-${intentId}` },
          ),
        ),
      );
    }
  }
  return refunds;
}

/** The completion webhook's part: cancels and refunds the session's subscription when it duplicates another; null when it is no duplicate. */
export async function refundDuplicateCheckout(env: Env, subscription: Stripe.Subscription | null): Promise<Stripe.Refund[] | null> {
  const why = subscription ? await billsNothing(env, subscription) : null;
  if (!subscription || !why) return null;
  return cancelAndRefundDuplicate(env, subscription, why);
}
