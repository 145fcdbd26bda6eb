// "Keep drafts for review" (customer_plans.invoice_auto_finalize = false) for every invoice of an
// invoice-billed plan, not only the first (start-billing.ts keeps that one): Stripe creates each
// renewal as a draft with auto_advance=true and finalizes it about an hour after invoice.created
// unless auto_advance is turned off meanwhile. Any invoice event about a draft that would still
// auto-advance turns it off, so the first event to arrive does it, whichever that is.
//
// Replay- and order-safe: it acts on the invoice as Stripe has it now (the caller reads it fresh),
// only on a draft whose auto_advance is still on, and the Stripe call carries an idempotency key
// per invoice. A draft finalized by Stripe or staff meanwhile is left as it is.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { stripeFor } from "../stripe-client";
import { isStripeRefusal, toStripeDomainError } from "../stripe-errors";
import { stripeInvoiceSubscriptionId } from "../invoices/mirror-invoice";
import { customerPlanFromMetadata } from "../lifecycle/start-billing";

/** Whether the customer plan this subscription bills wants its invoices reviewed before they go out. */
async function plansReview(env: Env, subscriptionId: string, subscription: Stripe.Subscription | null): Promise<boolean> {
  // By the link, or (an invoice.created racing the start-billing job's link) by the subscription's metadata.
  const metadataPlan = customerPlanFromMetadata(subscription?.metadata, env);
  const cp = await db().customerPlan.findFirst({
    where: {
      env,
      OR: [{ stripeSubscriptionId: subscriptionId }, ...(metadataPlan ? [{ id: metadataPlan, stripeSubscriptionId: null }] : [])],
    },
    select: { billingMode: true, invoiceAutoFinalize: true },
    orderBy: { createdAt: "desc" },
  });
  return cp?.billingMode === "invoice" && cp.invoiceAutoFinalize === false;
}

/** The invoice after turning its auto_advance off when its plan reviews drafts; otherwise unchanged. */
export async function keepDraftForReview(env: Env, invoice: Stripe.Invoice, subscription: Stripe.Subscription | null): Promise<Stripe.Invoice> {
  if (!invoice.id || invoice.status !== "draft" || invoice.auto_advance === false) return invoice;
  const subscriptionId = stripeInvoiceSubscriptionId(invoice);
  if (!subscriptionId || !(await plansReview(env, subscriptionId, subscription))) return invoice;
  const stripe = stripeFor(env);
  try {
    return await stripe.invoices.update(invoice.id, { auto_advance: false }, { idempotencyKey: `equinox-review-draft-${invoice.id}` });
  } catch (error) {
    // Finalized (by Stripe's hour or by staff) between the read and this call: nothing to keep.
    if (!isStripeRefusal(error)) throw toStripeDomainError(error, env, `keep invoice ${invoice.id} as a draft for review`);
    const now = await stripe.invoices.retrieve(invoice.id);
    if (now.status === "draft" && now.auto_advance !== false) throw toStripeDomainError(error, env, `keep invoice ${invoice.id} as a draft for review`);
    return now;
  }
}
