// Outbox job: cancel the Stripe subscription of a customer plan that ended in Equinox (replaced by
// an upgrade or downgrade, canceled or removed by staff), so that Stripe stops billing for it.
// Queued in the transaction that ends the plan; a subscription that has ended already, or that
// still bills another live plan of the customer, is left alone.
import "server-only";
import type { Ctx } from "@/lib/context";
import { db, type Tx } from "@/lib/db";
import { enqueueOutboxJob } from "@/lib/outbox/enqueue-outbox-job";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";

export const STRIPE_SUBSCRIPTION_CANCEL_JOB = "stripe.subscription.cancel";

export type StripeSubscriptionCancelPayload = { subscriptionId: string };

export async function enqueueStripeSubscriptionCancel(tx: Tx, ctx: Ctx, customerPlan: { stripeSubscriptionId: string | null }): Promise<void> {
  const subscriptionId = customerPlan.stripeSubscriptionId;
  if (!subscriptionId) return;
  const payload: StripeSubscriptionCancelPayload = { subscriptionId };
  await enqueueOutboxJob(tx, { env: ctx.env, kind: STRIPE_SUBSCRIPTION_CANCEL_JOB, payload, dedupeKey: `${STRIPE_SUBSCRIPTION_CANCEL_JOB}:${subscriptionId}` });
}

export async function cancelStripeSubscriptionJob(job: OutboxJob): Promise<void> {
  const { subscriptionId } = job.payload as StripeSubscriptionCancelPayload;
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
