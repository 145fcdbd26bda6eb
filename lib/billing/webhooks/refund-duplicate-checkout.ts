// A second Checkout paid for a customer plan that another live subscription already bills (two tabs
// paid one after the other): that second subscription bills nothing, so it is cancelled and what it
// charged is given back. Stripe's model: the subscription's first invoice was paid by a PaymentIntent
// (its invoice payment); a refund names that PaymentIntent.
//
// Safe to run again and in any order with the subscription's own events (which cancel it through
// the outbox): a cancelled subscription is not cancelled again, a PaymentIntent already refunded is
// not refunded again, and each refund carries an idempotency key per PaymentIntent.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { stripeFor } from "../stripe-client";
import { callStripe } from "../stripe-errors";
import { customerPlanFromMetadata } from "../lifecycle/start-billing";
import { latestSubscription } from "./subscription-state";
import { ENDED_SUBSCRIPTION_STATUSES, LIVE_SUBSCRIPTION_STATUSES, idOf } from "./subscription-fields";

/** Whether `subscription` (the session's) duplicates the live subscription that already bills the session's customer plan. */
async function duplicatesLiveBilling(env: Env, session: Stripe.Checkout.Session, subscription: Stripe.Subscription): Promise<boolean> {
  const customerPlanId = customerPlanFromMetadata(session.metadata, env);
  if (!customerPlanId) return false;
  const cp = await db().customerPlan.findFirst({ where: { id: customerPlanId, env }, select: { stripeSubscriptionId: true } });
  if (!cp?.stripeSubscriptionId || cp.stripeSubscriptionId === subscription.id) return false;
  const billing = await latestSubscription(env, cp.stripeSubscriptionId);
  return billing !== null && LIVE_SUBSCRIPTION_STATUSES.has(billing.status);
}

/** Cancels and refunds the session's subscription when it duplicates another: the refunds made now; null when it is no duplicate. */
export async function refundDuplicateCheckout(env: Env, session: Stripe.Checkout.Session, subscription: Stripe.Subscription | null): Promise<Stripe.Refund[] | null> {
  if (!subscription || !(await duplicatesLiveBilling(env, session, subscription))) return null;
  const stripe = stripeFor(env);
  if (!ENDED_SUBSCRIPTION_STATUSES.has(subscription.status)) {
    await callStripe(env, "cancel the duplicate subscription", () =>
      stripe.subscriptions.cancel(subscription.id, {}, { idempotencyKey: `equinox-cancel-duplicate-${subscription.id}` }),
    );
  }
  const invoiceId = idOf(session.invoice) ?? idOf(subscription.latest_invoice);
  if (!invoiceId) return [];
  const payments = await callStripe(env, "read the duplicate's payments", () => stripe.invoicePayments.list({ invoice: invoiceId, limit: 100 }));
  const refunds: Stripe.Refund[] = [];
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
  return refunds;
}
