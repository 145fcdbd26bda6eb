// Billing's answer to SUBSCRIBED_PLAN_ENDED (lib/outbox/domain-events.ts): cancel the Stripe
// subscription of a customer plan that ended in Equinox (replaced by an upgrade or downgrade,
// canceled or removed by staff), so that Stripe stops billing for it. The plans area emits the
// event in the transaction that ends the plan; a subscription that has ended already, or that
// still bills another live plan of the customer, is left alone.
import "server-only";
import { db } from "@/lib/db";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import type { SubscribedPlanEnded } from "@/lib/outbox/domain-events";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";

export async function cancelStripeSubscriptionJob(job: OutboxJob): Promise<void> {
  const { subscriptionId } = job.payload as SubscribedPlanEnded;
  const stillBilling = await db().customerPlan.count({ where: { env: job.env, stripeSubscriptionId: subscriptionId, status: { in: ["active", "scheduled"] } } });
  if (stillBilling > 0) return;
  const stripe = stripeFor(job.env);
  try {
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    if (subscription.status === "canceled" || subscription.status === "incomplete_expired") return;
    await stripe.subscriptions.cancel(subscriptionId);
  } catch (error) {
    if (isStripeResourceMissing(error)) return;
    throw toStripeDomainError(error, job.env, `cancel subscription ${subscriptionId}`);
  }
}
