// Billing's answer to SUBSCRIBED_PLAN_ENDED (lib/outbox/domain-events.ts): cancel the Stripe
// subscription of a customer plan that ended in Equinox (replaced by an upgrade or downgrade,
// canceled or removed by staff), so that Stripe stops billing for it. The plans area emits the
// event in the transaction that ends the plan; a subscription that has ended already is left alone.
// One that still bills another live plan of the customer (billing.multi_attach's invoice
// subscription: one item per plan, each naming its plan) loses only the items of the plans that
// ended, without proration (the period already invoiced stays as it was).
// A subscription that never billed its plan because another subscription already bills it (a
// second Checkout paid: the webhook that found the plan taken emits this event) is cancelled AND
// refunded (refund-duplicate-checkout.ts), whichever of this job and the completion webhook gets
// there first; a plan that ended after its subscription billed it is cancelled without a refund.
import "server-only";
import { db } from "@/lib/db";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import type { SubscribedPlanEnded } from "@/lib/outbox/domain-events";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";
import { ITEM_PLAN_KEY } from "./lifecycle/start-billing";
import { cancelAndRefundDuplicate, duplicatesAnotherSubscription } from "./webhooks/refund-duplicate-checkout";

export async function cancelStripeSubscriptionJob(job: OutboxJob): Promise<void> {
  const { subscriptionId } = job.payload as SubscribedPlanEnded;
  const stillBilling = await db().customerPlan.findMany({ where: { env: job.env, stripeSubscriptionId: subscriptionId, status: { in: ["active", "scheduled"] } }, select: { id: true } });
  const stripe = stripeFor(job.env);
  if (stillBilling.length > 0) return removeEndedPlansItems(job, subscriptionId, new Set(stillBilling.map((cp) => cp.id)));
  try {
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    // Before the status check: a duplicate cancelled already (by the completion webhook, or in Stripe) may still hold money.
    if (await duplicatesAnotherSubscription(job.env, subscription)) {
      await cancelAndRefundDuplicate(job.env, subscription);
      return;
    }
    if (subscription.status === "canceled" || subscription.status === "incomplete_expired") return;
    await stripe.subscriptions.cancel(subscriptionId);
  } catch (error) {
    if (isStripeResourceMissing(error)) return;
    throw toStripeDomainError(error, job.env, `cancel subscription ${subscriptionId}`);
  }
}

/** The items naming a customer plan that no longer bills here are removed; the last item never is (the subscription then bills a live plan). */
async function removeEndedPlansItems(job: OutboxJob, subscriptionId: string, live: ReadonlySet<string>): Promise<void> {
  const stripe = stripeFor(job.env);
  try {
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    if (subscription.status === "canceled" || subscription.status === "incomplete_expired") return;
    const ended = subscription.items.data.filter((item) => {
      const planId = item.metadata?.[ITEM_PLAN_KEY];
      return typeof planId === "string" && !live.has(planId);
    });
    if (ended.length === 0 || ended.length >= subscription.items.data.length) return;
    await stripe.subscriptions.update(
      subscriptionId,
      { items: ended.map((item) => ({ id: item.id, deleted: true })), proration_behavior: "none" },
      { idempotencyKey: `equinox-remove-items-${subscriptionId}-${ended.map((item) => item.id).join("-")}` },
    );
  } catch (error) {
    if (isStripeResourceMissing(error)) return;
    throw toStripeDomainError(error, job.env, `remove ended plans from subscription ${subscriptionId}`);
  }
}
