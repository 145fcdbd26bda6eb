// Every invoice.* event Equinox listens to: the invoice (as Stripe has it now) goes into the
// invoices mirror, then moves the plan it bills (invoice-lifecycle.ts): paid activates and clears
// past due, a failed payment makes it past due, a void first invoice expires the plan waiting on it.
// The subscription, when there is one, is synced too (periods, status), as before. A draft of a
// plan whose invoices are reviewed first has its auto_advance turned off (keep-draft-for-review.ts).
import type Stripe from "stripe";
import { upsertInvoiceFromStripe, stripeInvoiceSubscriptionId } from "../../invoices/mirror-invoice";
import { applySubscriptionState, latestSubscription } from "../subscription-state";
import { applyInvoiceToPlan, markPlansPastDue } from "../invoice-lifecycle";
import { stripeFor } from "../../stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "../../stripe-errors";
import { idOf } from "../subscription-fields";
import type { StripeEventHandler } from "../types";
import { keepDraftForReview } from "../keep-draft-for-review";
import { latestInvoiceIfPastDue } from "../stopped-plan-billing";

type InvoiceEvent = Extract<Stripe.Event, { type: `invoice.${string}` }>;
type Prepared = { invoice: Stripe.Invoice; subscription: Stripe.Subscription | null; latestInvoice: Stripe.Invoice | null };

/** The invoice as Stripe has it now; the event's copy when Stripe no longer has it. */
async function latestInvoice(env: Parameters<typeof stripeFor>[0], invoice: Stripe.Invoice): Promise<Stripe.Invoice> {
  if (!invoice.id) return invoice;
  try {
    return await stripeFor(env).invoices.retrieve(invoice.id);
  } catch (error) {
    if (isStripeResourceMissing(error)) return invoice;
    throw toStripeDomainError(error, env, `read invoice ${invoice.id}`);
  }
}

export const invoiceChanged: StripeEventHandler<InvoiceEvent, Prepared> = {
  prepare: async ({ env, event }) => {
    const latest = await latestInvoice(env, event.data.object as Stripe.Invoice);
    const subscriptionId = stripeInvoiceSubscriptionId(latest);
    const subscription = subscriptionId ? await latestSubscription(env, subscriptionId) : null;
    return { invoice: await keepDraftForReview(env, latest, subscription), subscription, latestInvoice: await latestInvoiceIfPastDue(env, subscription, latest) };
  },
  apply: async (tx, { ctx, event }, { invoice, subscription, latestInvoice }) => {
    if (subscription) {
      // Past due while this invoice is still unpaid and the latest: an invoice paid since (its
      // invoice.paid may well have been delivered first) wins.
      const stillDue = event.type === "invoice.payment_failed" && invoice.status === "open" && idOf(subscription.latest_invoice) === invoice.id;
      await applySubscriptionState(tx, ctx, subscription, { forcePastDue: stillDue, latestInvoice });
      if (stillDue) await markPlansPastDue(tx, ctx, subscription, invoice);
    }
    await upsertInvoiceFromStripe(ctx.env, invoice, event.created, tx);
    await applyInvoiceToPlan(tx, ctx, invoice);
  },
};
