// Issues a send-invoice Stripe invoice from lines: a draft that takes no pending invoice items (so
// nothing else the customer owes is swept onto it), one invoice item per line attached to the
// draft, then finalized and sent. Shared by invoices.create and invoices.reissue. Every call
// carries an idempotency key derived from `key`, so a retry of the same step never creates twice.
import "server-only";
import Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { stripeFor } from "@/lib/billing/stripe-client";
import { callStripe } from "@/lib/billing/stripe-errors";
import type { DraftLine } from "./invoice-preview";

export type SendInvoiceTerms = { daysUntilDue: number } | { dueDate: number };

export type IssueSendInvoice = {
  stripeCustomerId: string;
  /** The subscription the invoice bills (a reissued subscription invoice): paying it counts for that subscription's plan. */
  subscriptionId: string | null;
  currency: string;
  lines: DraftLine[];
  terms: SendInvoiceTerms;
  metadata: Record<string, string>;
  description?: string | null;
  footer?: string | null;
  /** Coupons / promotion codes on the whole invoice (Stripe's invoice `discounts`); a reissue may reuse its subscription's discount (`discount`). */
  discounts?: ({ coupon: string } | { promotion_code: string } | { discount: string })[];
  /** Stripe tax rates on every line (the invoice's `default_tax_rates`). */
  taxRateIds?: string[];
  /** Prefix of the idempotency keys of this issue's Stripe calls. */
  key: string;
  /** Delete the draft when a line cannot be added (a fresh invoice); a reissue keeps it for its retry to resume. */
  deleteDraftOnFailure: boolean;
  /** The error to answer when Stripe refuses line `lineIndex` (e.g. one of its discounts), or null to answer Stripe's. */
  lineRefused?: (lineIndex: number, error: unknown) => Error | null;
};

/** The draft with its lines attached (not finalized). */
export async function createDraftWithLines(env: Env, input: IssueSendInvoice): Promise<Stripe.Invoice> {
  const stripe = stripeFor(env);
  const draft = await callStripe(env, "create the invoice", () =>
    stripe.invoices.create(
      {
        customer: input.stripeCustomerId,
        ...(input.subscriptionId ? { subscription: input.subscriptionId } : {}),
        collection_method: "send_invoice",
        ...("daysUntilDue" in input.terms ? { days_until_due: input.terms.daysUntilDue } : { due_date: input.terms.dueDate }),
        pending_invoice_items_behavior: "exclude",
        auto_advance: false,
        currency: input.currency,
        metadata: input.metadata,
        ...(input.description ? { description: input.description } : {}),
        ...(input.footer ? { footer: input.footer } : {}),
        ...(input.discounts?.length ? { discounts: input.discounts } : {}),
        ...(input.taxRateIds?.length ? { default_tax_rates: input.taxRateIds } : {}),
      },
      { idempotencyKey: `${input.key}-invoice` },
    ),
  );
  try {
    await addLines(env, draft.id!, input);
  } catch (error) {
    if (input.deleteDraftOnFailure) await stripe.invoices.del(draft.id!).catch(() => undefined); // best effort: a draft bills nothing
    throw error;
  }
  return draft;
}

async function addLines(env: Env, invoiceId: string, input: IssueSendInvoice): Promise<void> {
  const stripe = stripeFor(env);
  for (const [index, line] of input.lines.entries()) {
    // Units of an existing Stripe price, units at one price (Stripe multiplies), or one charge of
    // the line's amount: a reissued subscription line's quantity (seats) is kept in its description.
    const lineDiscounts = (line.discounts ?? []).flatMap((discount) => (discount.stripe ? [discount.stripe] : []));
    try {
      await callStripe(env, "add a line to the invoice", () =>
        stripe.invoiceItems.create(
          {
            customer: input.stripeCustomerId,
            invoice: invoiceId,
            currency: input.currency,
            description: line.description,
            ...(line.stripePrice !== undefined
              ? { pricing: { price: line.stripePrice }, quantity: line.stripeQuantity ?? 1 }
              : line.unitAmount !== undefined && line.quantity !== null
                ? { unit_amount_decimal: Stripe.Decimal.from(String(line.unitAmount)), quantity: line.quantity }
                : { amount: line.amount }),
            ...(line.period ? { period: line.period } : {}),
            ...(lineDiscounts.length > 0 ? { discounts: lineDiscounts } : {}),
            ...(line.discountable !== undefined ? { discountable: line.discountable } : {}),
            metadata: { ...line.metadata, ...(line.planId ? { equinox_plan_id: line.planId } : {}), ...(line.featureId ? { equinox_feature_id: line.featureId } : {}) },
          },
          { idempotencyKey: `${input.key}-line-${index}` },
        ),
      );
    } catch (error) {
      throw input.lineRefused?.(index, error) ?? error;
    }
  }
}

/** Finalizes the draft and sends it to the customer's billing email. */
export async function finalizeAndSend(env: Env, invoiceId: string, key: string): Promise<Stripe.Invoice> {
  const stripe = stripeFor(env);
  await callStripe(env, "finalize the invoice", () => stripe.invoices.finalizeInvoice(invoiceId, { auto_advance: false }, { idempotencyKey: `${key}-finalize` }));
  return callStripe(env, "send the invoice", () => stripe.invoices.sendInvoice(invoiceId, {}, { idempotencyKey: `${key}-send` }));
}
