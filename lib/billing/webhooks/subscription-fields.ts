// How a Stripe subscription reads on a customer plan.
import type Stripe from "stripe";

const fromSeconds = (seconds: number | null | undefined) => (typeof seconds === "number" ? new Date(seconds * 1000) : null);

/** Statuses in which the customer has the plan (a failed payment makes it past due, not gone). */
export const LIVE_SUBSCRIPTION_STATUSES: ReadonlySet<Stripe.Subscription.Status> = new Set(["active", "trialing", "past_due", "unpaid"]);
/** Statuses after which the subscription is over for good. */
export const ENDED_SUBSCRIPTION_STATUSES: ReadonlySet<Stripe.Subscription.Status> = new Set(["canceled", "incomplete_expired"]);

export function subscriptionFields(subscription: Stripe.Subscription) {
  // Since API version 2025-03-31 the billing period is on the subscription's items.
  const item = subscription.items?.data?.[0];
  return {
    pastDue: subscription.status === "past_due" || subscription.status === "unpaid",
    currentPeriodStart: fromSeconds(item?.current_period_start),
    currentPeriodEnd: fromSeconds(item?.current_period_end),
    trialEndsAt: subscription.status === "trialing" ? fromSeconds(subscription.trial_end) : null,
  };
}

/** When the subscription ends or ended (a cancellation at period end), or null. */
export function subscriptionEndsAt(subscription: Stripe.Subscription): Date | null {
  return fromSeconds(subscription.ended_at) ?? fromSeconds(subscription.cancel_at);
}

export const idOf = (value: string | { id: string } | null | undefined) => (value == null ? null : typeof value === "string" ? value : value.id);
