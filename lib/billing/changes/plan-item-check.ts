// The outbox's check that a plan's item on a Stripe subscription billing several plans
// (billing.multi_attach: one item per plan) agrees with the plan in Equinox (PLAN_ITEM_CHECK_JOB).
// A plan stopping at the period's end has no item there (stopBillingAtPeriodEnd); a plan that
// renews has one. Changes get there in several steps — Stripe calls, then a transaction — and the
// check, written before the first step, repairs what a failure between them left: an item billing
// a canceled plan goes, a renewing plan's missing item comes back, a second item naming the same
// plan (two restores racing) goes. Safe to run any number of times; when the change completed,
// there is nothing to do.
//
// Only subscriptions billing several plans: one billing a plan alone stops through its own
// cancel_at_period_end, which Stripe's webhooks report back (subscription-state.ts), so Stripe is
// already the source of truth there.
import "server-only";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { stripeFor } from "@/lib/billing/stripe-client";
import { callStripe } from "@/lib/billing/stripe-errors";
import { ITEM_PLAN_KEY } from "@/lib/billing/lifecycle/start-billing";
import type { PlanItemCheckPayload } from "@/lib/billing/lifecycle/billing-jobs";
import { scheduledReplacementOf } from "./plan-change-rules";
import { findPlanItem, itemPriceOf, readSubscription, resumeBilling, stopBillingAtPeriodEnd } from "./stripe-subscription-changes";

export async function planItemCheckJob(job: OutboxJob): Promise<void> {
  const { customerPlanId } = job.payload as PlanItemCheckPayload;
  const cp = await db().customerPlan.findFirst({ where: { id: customerPlanId, env: job.env }, include: { plan: true, planVersion: true } });
  // An ended plan's item is the SUBSCRIBED_PLAN_ENDED job's to remove (cancel-stripe-subscription.ts).
  if (!cp || cp.status !== "active" || !cp.stripeSubscriptionId) return;
  const ctx = systemCtx(job.env, "Billing");
  const subscriptionId = cp.stripeSubscriptionId;
  const subscription = await readSubscription(ctx, subscriptionId);
  if (subscription.status === "canceled" || subscription.status === "incomplete_expired") return;

  const named = subscription.items.data.filter((item) => item.metadata?.[ITEM_PLAN_KEY] === cp.id);
  if (named.length > 1) {
    // Two items bill the plan: the extra ones go, without proration (none of them was meant).
    await callStripe(ctx.env, "remove the plan's extra item", () =>
      stripeFor(ctx.env).subscriptions.update(subscriptionId, { items: named.slice(1).map((item) => ({ id: item.id, deleted: true })), proration_behavior: "none" }),
    );
  }
  const item = findPlanItem(subscription, [cp.id]);
  const billsOthers = subscription.items.data.some((candidate) => candidate.id !== item?.id && candidate.metadata?.[ITEM_PLAN_KEY] !== cp.id);
  if (!billsOthers) return;

  if (cp.cancelAtPeriodEnd) {
    if (item) {
      await stillAsRead(cp);
      await stopBillingAtPeriodEnd(ctx, subscriptionId, [cp.id]);
    }
    return;
  }
  if (item) return;
  // Renewing and no item of its own. A downgrade scheduled on the subscription names the item for
  // the plan replacing it (handItemToPlan): that item is this plan's too.
  const plans = await db().customerPlan.findMany({ where: { env: job.env, customerId: cp.customerId, status: { in: ["active", "scheduled"] } }, include: { plan: true } });
  const scheduled = scheduledReplacementOf(plans, cp);
  if (scheduled && findPlanItem(subscription, [scheduled.id])) return;
  await stillAsRead(cp);
  await resumeBilling(ctx, subscriptionId, cp.id, () => itemPriceOf(ctx, cp));
}

/**
 * The plan is still as the check read it before reading Stripe; else the check is retried later
 * (the outbox's backoff) on the plan as it is then: a change made meanwhile (kept, canceled,
 * switched) must not be undone from a stale read.
 */
async function stillAsRead(cp: { id: string; updatedAt: Date }): Promise<void> {
  const now = await db().customerPlan.findUnique({ where: { id: cp.id }, select: { updatedAt: true } });
  if (now?.updatedAt.getTime() !== cp.updatedAt.getTime()) throw new Error(`customer plan ${cp.id} changed during its plan-item check: checked again later`);
}
