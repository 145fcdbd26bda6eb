// A plan that stops at the period's end on a Stripe subscription billing several plans
// (billing.multi_attach: one item per plan, each naming its customer plan, ITEM_PLAN_KEY): its item
// went (stopBillingAtPeriodEnd removes it without proration), so its period was invoiced with the
// item, and no invoice made since bills it. Stripe's subscription status (past_due, unpaid) is
// about the subscription's latest invoice; such a plan is past due only when that invoice bills
// it: when it has a line of an item the subscription no longer has (the plan's, removed). A later
// invoice (the others' renewal, a proration for another plan) that fails does not make it past due.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { stripeFor } from "../stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "../stripe-errors";
import { ITEM_PLAN_KEY, removedItemKey } from "../lifecycle/start-billing";
import { idOf } from "./subscription-fields";

/** Whether the subscription's items are other plans' (each names its plan) and none is this plan's. */
export function withoutItem(subscription: Stripe.Subscription, customerPlanId: string): boolean {
  const named = subscription.items.data.map((item) => item.metadata?.[ITEM_PLAN_KEY]);
  return named.length > 0 && named.every((id) => typeof id === "string" && id !== customerPlanId);
}

/** A plan stopping at the period's end whose item went from the subscription (not one whose item another plan names mid-switch). */
export function itemStopped(subscription: Stripe.Subscription, cp: { id: string; cancelAtPeriodEnd: boolean }): boolean {
  return cp.cancelAtPeriodEnd && withoutItem(subscription, cp.id);
}

const PAST_DUE_STATUSES: ReadonlySet<Stripe.Subscription.Status> = new Set(["past_due", "unpaid"]);

/**
 * The subscription's latest invoice when the subscription is past due (what its status is about),
 * read in a webhook's `prepare` for the plans whose item went (`known`: an invoice already read,
 * used when it is that one); null when the subscription is not past due.
 */
export async function latestInvoiceIfPastDue(env: Env, subscription: Stripe.Subscription | null, known: Stripe.Invoice | null = null): Promise<Stripe.Invoice | null> {
  const id = subscription ? idOf(subscription.latest_invoice) : null;
  if (!subscription || !id) return null;
  if (known?.id === id) return known;
  if (!PAST_DUE_STATUSES.has(subscription.status)) return null;
  try {
    return await stripeFor(env).invoices.retrieve(id);
  } catch (error) {
    if (isStripeResourceMissing(error)) return null;
    throw toStripeDomainError(error, env, `read invoice ${id}`);
  }
}

/**
 * Whether `invoice` bills the plan's removed item (a line of it): the item the subscription's mark
 * names (removedItemKey); without a mark (an item removed before marks were written), any item the
 * subscription no longer has. True when the invoice has more lines than it lists (it may).
 */
export function billsRemovedItem(invoice: Stripe.Invoice, subscription: Stripe.Subscription, customerPlanId: string): boolean {
  if (invoice.lines.has_more) return true;
  const marked = subscription.metadata?.[removedItemKey(customerPlanId)];
  const items = new Set(subscription.items.data.map((item) => item.id));
  return invoice.lines.data.some((line) => {
    const item = line.parent?.subscription_item_details?.subscription_item;
    return typeof item === "string" && (marked ? item === marked : !items.has(item));
  });
}

/**
 * Whether a plan whose item went is past due, the subscription being `pastDue` or not: not when
 * the subscription is not (its invoices are paid, the plan's with them); when it is, as its
 * latest invoice bills the plan or not; as the plan was, when that invoice is not known.
 */
export function stoppedPlanPastDue(cp: { id: string; pastDue: boolean }, subscription: Stripe.Subscription, pastDue: boolean, latestInvoice: Stripe.Invoice | null | undefined): boolean {
  if (!pastDue) return false;
  if (!latestInvoice || latestInvoice.id !== idOf(subscription.latest_invoice)) return cp.pastDue;
  return billsRemovedItem(latestInvoice, subscription, cp.id);
}
