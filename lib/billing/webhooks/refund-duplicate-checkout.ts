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
// A subscription that billed its plan (linked to it here) and is cancelled because the plan ended
// (upgrade, staff cancel, contract end) is no duplicate: it is never refunded here.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { stripeFor } from "../stripe-client";
import { callStripe } from "../stripe-errors";
import { customerPlanFromMetadata } from "../lifecycle/start-billing";
import { ENDED_SUBSCRIPTION_STATUSES, idOf } from "./subscription-fields";

/**
 * Whether `subscription` was made for one customer plan (its metadata) that another subscription
 * bills: it can never be linked to that plan (a plan's link is set once, to the first), so it
 * bills nothing here. False for a subscription any customer plan names as its own.
 */
export async function duplicatesAnotherSubscription(env: Env, subscription: Stripe.Subscription): Promise<boolean> {
  const customerPlanId = customerPlanFromMetadata(subscription.metadata, env);
  if (!customerPlanId) return false;
  const linked = await db().customerPlan.findFirst({ where: { env, stripeSubscriptionId: subscription.id }, select: { id: true } });
  if (linked) return false;
  const cp = await db().customerPlan.findFirst({ where: { id: customerPlanId, env }, select: { stripeSubscriptionId: true } });
  return cp?.stripeSubscriptionId != null && cp.stripeSubscriptionId !== subscription.id;
}

/** Cancels a duplicate subscription (when still live) and refunds what each of its paid invoices took; the refunds made now. */
export async function cancelAndRefundDuplicate(env: Env, subscription: Stripe.Subscription): Promise<Stripe.Refund[]> {
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
            { payment_intent: intentId, reason: "duplicate", metadata: { equinox_subscription_id: subscription.id } },
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
  if (!subscription || !(await duplicatesAnotherSubscription(env, subscription))) return null;
  return cancelAndRefundDuplicate(env, subscription);
}
