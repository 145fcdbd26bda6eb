// Makes the customer plans billed by a Stripe subscription match that subscription: active with
// its period, past due when a payment failed, ending at a scheduled cancellation, canceled when
// it ended. Handlers pass the subscription as Stripe has it now (fetched in `prepare`), so events
// that arrive late, twice or out of order all lead to the same, current result.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { applyDueChangesInTx } from "@/lib/plans/apply-due-changes";
import { endCustomerPlan, lockCustomerGrants } from "@/lib/plans/customer-plan-lifecycle";
import { lockCustomerForGrantChange } from "@/lib/customers/customer-queries";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";
import { stripeFor } from "../stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "../stripe-errors";
import { planFromMetadata } from "../checkout-metadata";
import { STRIPE_AUDIT } from "../audit-actions";
import { activatePaidPlan } from "./activate-paid-plan";
import { ENDED_SUBSCRIPTION_STATUSES, LIVE_SUBSCRIPTION_STATUSES, subscriptionEndsAt, subscriptionFields } from "./subscription-fields";
import { activatePaidWaitingPlan, expireWaitingPlan, waitsForPayment } from "../lifecycle/awaiting-payment";
import { customerPlanFromMetadata, removedItemKey } from "../lifecycle/start-billing";
import { itemStopped, stoppedPlanPastDue, withoutItem } from "./stopped-plan-billing";
import type { CustomerPlan } from "@/lib/generated/prisma";

/** The subscription as Stripe has it now; `fallback` (the event's copy) when Stripe no longer has it. */
export async function latestSubscription(env: Env, id: string, fallback: Stripe.Subscription | null = null): Promise<Stripe.Subscription | null> {
  try {
    return await stripeFor(env).subscriptions.retrieve(id);
  } catch (error) {
    if (isStripeResourceMissing(error)) return fallback;
    throw toStripeDomainError(error, env, `read subscription ${id}`);
  }
}

type Target = { customerId: string; planId: string; planVersionId?: string };
/** What the sync writes on a customer plan from its subscription. */
type SyncedFields = Partial<Pick<CustomerPlan, "pastDue" | "currentPeriodStart" | "currentPeriodEnd" | "trialEndsAt" | "endsAt" | "canceledAt" | "cancelAtPeriodEnd">>;

export async function applySubscriptionState(
  tx: Tx,
  ctx: Ctx,
  subscription: Stripe.Subscription,
  options: { target?: Target | null; forcePastDue?: boolean; latestInvoice?: Stripe.Invoice | null } = {},
): Promise<void> {
  const target = planFromMetadata(subscription.metadata, ctx.env) ?? options.target ?? null;
  const known = await tx.customerPlan.findFirst({ where: { env: ctx.env, stripeSubscriptionId: subscription.id }, select: { customerId: true } });
  const customerId = known?.customerId ?? target?.customerId;
  if (!customerId) return;
  // Serialises the events of one customer: checkout.session.completed and
  // customer.subscription.created arrive together, and only one of them may activate the plan.
  if (!(await lockCustomerForGrantChange(tx, ctx.env, customerId))) return;
  const now = new Date();
  await applyDueChangesInTx(tx, ctx.env, [customerId], now);
  // A subscription made for one customer plan (invoice billing, a card-billed plan's Checkout) bills
  // THAT plan: linked here if its creator has not saved the link yet, never a new plan enabled.
  await linkToCustomerPlan(tx, ctx, subscription);

  const plans = await tx.customerPlan.findMany({ where: { env: ctx.env, stripeSubscriptionId: subscription.id }, include: { plan: true }, orderBy: { id: "asc" } });
  if (plans.length === 0) {
    // Made for one customer plan that it could not be linked to (the plan ended or was replaced, or
    // another subscription bills it: a second Checkout paid): it bills nothing, so it is cancelled.
    // Enabling a plan here would re-enable it at list price beside the subscription that bills it.
    if (customerPlanFromMetadata(subscription.metadata, ctx.env)) {
      if (!ENDED_SUBSCRIPTION_STATUSES.has(subscription.status)) await emitSubscribedPlanEnded(tx, ctx.env, { stripeSubscriptionId: subscription.id });
      return;
    }
    if (target && LIVE_SUBSCRIPTION_STATUSES.has(subscription.status)) await activatePaidPlan(tx, ctx, target, subscription);
    return;
  }

  for (const cp of plans) {
    if (cp.status !== "active" && cp.status !== "scheduled") continue;
    if (ENDED_SUBSCRIPTION_STATUSES.has(subscription.status)) {
      await lockCustomerGrants(tx, cp.customerId);
      if (waitsForPayment(cp)) await expireWaitingPlan(tx, ctx, cp.id, now);
      else await endCustomerPlan(tx, ctx, cp, { status: "canceled", at: subscriptionEndsAt(subscription) ?? now });
      await tx.customerPlan.update({ where: { id: cp.id }, data: { billingState: "ended" } });
      continue;
    }
    const fields = subscriptionFields(subscription);
    // A plan whose item went (it stops at the period's end) was invoiced for its period with its
    // item: past due only as the invoices billing it are (stopped-plan-billing.ts), its period its own.
    const stopped = itemStopped(subscription, cp);
    const pastDue = stopped
      ? stoppedPlanPastDue(cp, subscription, fields.pastDue || (options.forcePastDue ?? false), options.latestInvoice)
      : fields.pastDue || (options.forcePastDue ?? false);
    // A card-billed plan's subscription is live once Checkout took the payment: its features start.
    if (cp.billingMode === "card" && waitsForPayment(cp) && (subscription.status === "active" || subscription.status === "trialing")) {
      await activatePaidWaitingPlan(tx, ctx, cp.id, now);
    }
    const billingState = nextBillingState(cp, subscription, pastDue);
    if (billingState !== cp.billingState) await tx.customerPlan.update({ where: { id: cp.id }, data: { billingState } });
    // Still waiting for its first payment: its dates are the placeholder's until then (awaiting-payment.ts).
    if (waitsForPayment(cp)) continue;
    // A plan whose item went from a subscription billing other plans stops on its own at the
    // period's end (stopBillingAtPeriodEnd): the subscription's stop is about the others, so its
    // own cancellation stays as Equinox recorded it. Likewise a plan whose item another names
    // mid-switch, and a stopping plan whose item is back for a moment (keepsOwnStop).
    const next: SyncedFields = stopped
      ? { pastDue }
      : withoutItem(subscription, cp.id) || keepsOwnStop(subscription, cp)
      ? { ...fields, pastDue }
      : {
          ...fields,
          pastDue,
          // A cancellation at period end: the plan ends then (and the deletion event confirms it). A
          // contract keeps its own end date otherwise (maintenance renews or ends it).
          endsAt: subscription.cancel_at ? new Date(subscription.cancel_at * 1000) : cp.onContractEnd ? cp.endsAt : null,
          // A contract that ends stops its invoice subscription at its end (cancel_at, start-billing.ts): that is the contract's term, not a cancellation.
          canceledAt: subscription.cancel_at && subscription.canceled_at && !stopsAtContractEnd(cp, subscription) ? new Date(subscription.canceled_at * 1000) : null,
          cancelAtPeriodEnd: subscription.cancel_at_period_end === true,
        };
    const before: Record<string, string | boolean | null> = {};
    const after: Record<string, string | boolean | null> = {};
    for (const [field, value] of Object.entries(next) as [keyof typeof next, Date | boolean | null][]) {
      const current = cp[field];
      const same = value instanceof Date || current instanceof Date ? (current as Date | null)?.getTime() === (value as Date | null)?.getTime() : current === value;
      if (same) continue;
      before[field] = current instanceof Date ? current.toISOString() : (current as boolean | null);
      after[field] = value instanceof Date ? value.toISOString() : value;
    }
    if (Object.keys(after).length === 0) continue;
    // A stop lifted (in Stripe, or by a keep whose webhook came first) is no downgrade's any more.
    await tx.customerPlan.update({ where: { id: cp.id }, data: { ...next, ...("cancelAtPeriodEnd" in next && !next.cancelAtPeriodEnd ? { stopsForDowngrade: false } : {}) } });
    await recordAuditEvent(tx, ctx, {
      action: STRIPE_AUDIT.subscriptionSynced,
      targetType: "customer_plan",
      targetId: cp.id,
      customerId: cp.customerId,
      target: { planId: cp.plan.planId, stripeSubscriptionId: subscription.id, stripeStatus: subscription.status },
      before,
      after,
    });
  }
}

/**
 * A plan stopping at the period's end on a subscription billing other plans too: its stop is
 * Equinox's own (its item goes, stopBillingAtPeriodEnd), not the subscription's, which renews for
 * the others. Its item back for a moment — a change that prorates against it puts it back, then
 * removes it again (apply-plan-change.ts) — does not lift that stop; only keeping the plan does,
 * in its own transaction (update-customer-plan-billing.ts keepRunningPlan).
 */
function keepsOwnStop(subscription: Stripe.Subscription, cp: Pick<CustomerPlan, "id" | "cancelAtPeriodEnd">): boolean {
  // Only a stop Equinox made by removing the plan's item (its mark on the subscription): a stop of
  // the whole subscription taken back in Stripe (its portal, the Dashboard) lifts the plan's too.
  return cp.cancelAtPeriodEnd && !subscription.cancel_at_period_end && Boolean(subscription.metadata?.[removedItemKey(cp.id)]);
}

/** Links the customer plan named in the subscription's metadata to it, when nothing bills that plan yet. */
async function linkToCustomerPlan(tx: Tx, ctx: Ctx, subscription: Stripe.Subscription): Promise<void> {
  const customerPlanId = customerPlanFromMetadata(subscription.metadata, ctx.env);
  if (!customerPlanId) return;
  await tx.customerPlan.updateMany({
    where: { id: customerPlanId, env: ctx.env, stripeSubscriptionId: null, status: { in: ["active", "scheduled"] } },
    data: { stripeSubscriptionId: subscription.id },
  });
}

/**
 * Where billing stands after this state of the subscription. A failed payment makes it past due;
 * a card plan's live subscription is active (Checkout took the payment); an invoice plan stays
 * awaiting its first payment until invoice.paid says so (a send_invoice subscription is `active`
 * in Stripe before anything is paid).
 */
function nextBillingState(cp: CustomerPlan, subscription: Stripe.Subscription, pastDue: boolean): string {
  if (cp.billingMode === null || cp.billingMode === "elsewhere") return cp.billingState;
  if (pastDue) return "past_due";
  if (cp.billingMode === "invoice") return cp.billingState === "past_due" ? "active" : cp.billingState;
  return LIVE_SUBSCRIPTION_STATUSES.has(subscription.status) ? "active" : cp.billingState;
}

/** The subscription stops at the contract's own end (cancel_at set for on_contract_end = end), not because anyone canceled. */
function stopsAtContractEnd(cp: CustomerPlan, subscription: Stripe.Subscription): boolean {
  if (cp.onContractEnd !== "end" || subscription.cancel_at_period_end || !subscription.cancel_at) return false;
  const contractEnd = cp.cancelAtPeriodEnd ? cp.contractEndsAt : cp.endsAt;
  return contractEnd !== null && contractEnd.getTime() === subscription.cancel_at * 1000;
}
