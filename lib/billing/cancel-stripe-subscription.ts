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
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import type { SubscribedPlanEnded } from "@/lib/outbox/domain-events";
import { stripeFor } from "./stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "./stripe-errors";
import { ITEM_PLAN_KEY, removedItemKey } from "./lifecycle/start-billing";
import { billsNothing, cancelAndRefundDuplicate } from "./webhooks/refund-duplicate-checkout";

export async function cancelStripeSubscriptionJob(job: OutboxJob): Promise<void> {
  const { subscriptionId } = job.payload as SubscribedPlanEnded;
  const stillBilling = await db().customerPlan.findMany({
    where: { env: job.env, stripeSubscriptionId: subscriptionId, status: { in: ["active", "scheduled"] } },
    select: { id: true, cancelAtPeriodEnd: true },
  });
  const stripe = stripeFor(job.env);
  if (stillBilling.length > 0) {
    const allStopping = stillBilling.every((cp) => cp.cancelAtPeriodEnd);
    return removeEndedPlansItems(job, subscriptionId, new Set(stillBilling.map((cp) => cp.id)), allStopping);
  }
  try {
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    // Before the status check: a duplicate cancelled already (by the completion webhook, or in Stripe) may still hold money.
    const why = await billsNothing(job.env, subscription);
    if (why) {
      await cancelAndRefundDuplicate(job.env, subscription, why);
      return;
    }
    if (subscription.status === "canceled" || subscription.status === "incomplete_expired") return;
    await stripe.subscriptions.cancel(subscriptionId);
  } catch (error) {
    if (isStripeResourceMissing(error)) return;
    throw toStripeDomainError(error, job.env, `cancel subscription ${subscriptionId}`);
  }
}

/**
 * The items naming a customer plan that no longer bills here are removed; the last item never is
 * (the subscription then bills a live plan).
 *
 * Except an item in the middle of a switch's handoff. A switch (apply-plan-change.ts) moves the
 * item to the incoming plan's price in Stripe, commits the incoming plan (which replaces the
 * outgoing one and emits this job), and only then renames the item for the incoming plan
 * (handItemToPlan). Until then the item names the replaced plan while it already bills the
 * incoming one: removing it would stop billing a live plan. So an item naming a replaced plan is
 * kept while the plan that replaced it is live, linked to this subscription and named by no item.
 * Kept rather than retried (a thrown error, the outbox's backoff, at most MAX_ATTEMPTS): if
 * handItemToPlan failed nothing runs it again, so retries would only end with the job failed for
 * good; the kept item bills the incoming plan at its price, and once that plan ends (no longer
 * live) the next run of this job removes the item, whatever plan it names.
 */
async function removeEndedPlansItems(job: OutboxJob, subscriptionId: string, live: ReadonlySet<string>, liveAllStopping: boolean): Promise<void> {
  const stripe = stripeFor(job.env);
  try {
    const subscription = await stripe.subscriptions.retrieve(subscriptionId);
    if (subscription.status === "canceled" || subscription.status === "incomplete_expired") return;
    const notLive = subscription.items.data.filter((item) => {
      const planId = item.metadata?.[ITEM_PLAN_KEY];
      return typeof planId === "string" && !live.has(planId);
    });
    const ended = await withoutPendingHandoffs(job.env, subscription, notLive, live);
    // The marks of ended plans whose item went before they ended (stopBillingAtPeriodEnd) go with
    // them: nothing reads them any more, and Stripe allows 50 metadata keys a subscription.
    const marks = endedPlansMarks(subscription, live);
    if (ended.length === 0) {
      if (marks) await stripe.subscriptions.update(subscriptionId, { metadata: marks });
      return;
    }
    if (ended.length >= subscription.items.data.length) {
      // Every item left is an ended plan's, and the live plans (their items gone already) all stop
      // at the period's end (stopBillingAtPeriodEnd): the last item cannot go, so the subscription
      // stops at the period's end instead of renewing for plans that ended.
      if (liveAllStopping && !subscription.cancel_at_period_end) {
        await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true }, { idempotencyKey: `equinox-stop-ended-${subscriptionId}-${ended.map((item) => item.id).join("-")}` });
      }
      return;
    }
    await stripe.subscriptions.update(
      subscriptionId,
      { items: ended.map((item) => ({ id: item.id, deleted: true })), proration_behavior: "none", ...(marks ? { metadata: marks } : {}) },
      { idempotencyKey: `equinox-remove-items-${subscriptionId}-${ended.map((item) => item.id).join("-")}` },
    );
  } catch (error) {
    if (isStripeResourceMissing(error)) return;
    throw toStripeDomainError(error, job.env, `remove ended plans from subscription ${subscriptionId}`);
  }
}

/** The removed-item marks (removedItemKey) of plans not in `live`, as Stripe's metadata update that unsets them; null when there are none. */
function endedPlansMarks(subscription: Stripe.Subscription, live: ReadonlySet<string>): Record<string, ""> | null {
  const stale = Object.keys(subscription.metadata ?? {}).filter((key) => key.startsWith(removedItemKey("")) && !live.has(key.slice(removedItemKey("").length)));
  return stale.length > 0 ? Object.fromEntries(stale.map((key) => [key, ""] as const)) : null;
}

/**
 * `notLive` without the items a switch is still handing over (removeEndedPlansItems): those naming
 * a plan replaced by a live plan of `live` (linked to this subscription) that no item names yet.
 * Which plan replaced which is the replaced plan's replaced_by_id, written in the transaction that
 * replaced it (endReplacedPlans).
 */
async function withoutPendingHandoffs(env: Env, subscription: Stripe.Subscription, notLive: Stripe.SubscriptionItem[], live: ReadonlySet<string>): Promise<Stripe.SubscriptionItem[]> {
  const named = new Set(subscription.items.data.map((item) => item.metadata?.[ITEM_PLAN_KEY]));
  const unnamedLive = [...live].filter((id) => !named.has(id));
  if (unnamedLive.length === 0 || notLive.length === 0) return notLive;
  const handedOver = await db().customerPlan.findMany({
    where: { env, id: { in: notLive.map((item) => item.metadata[ITEM_PLAN_KEY]!) }, replacedById: { in: unnamedLive } },
    select: { id: true },
  });
  const kept = new Set(handedOver.map((cp) => cp.id));
  return notLive.filter((item) => !kept.has(item.metadata[ITEM_PLAN_KEY]!));
}
