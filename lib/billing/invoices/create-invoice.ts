// invoices.create: a standalone send-invoice Stripe invoice for a customer, from catalog plans at
// their list price and/or custom charges. It bills; it changes nothing else: no plan is enabled,
// no balance granted, no subscription touched. The invoice goes into the mirror at once (so
// invoices.list and the customer page show it); webhooks confirm it later. `preview` answers the
// lines and totals without calling Stripe.
import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound, DomainError, invalidInputs } from "@/lib/errors";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { loadPlan, loadPlanVersion } from "@/lib/plans/load-plan";
import { ensureStripeCustomer } from "@/lib/billing/ensure-stripe-customer";
import { stripeFor } from "@/lib/billing/stripe-client";
import { upsertInvoiceFromStripe } from "./mirror-invoice";
import { invoiceObject, type InvoiceObject } from "./invoice-object";
import { invoicePreview, type DraftLine, type InvoicePreview } from "./invoice-preview";
import { createDraftWithLines, finalizeAndSend } from "./issue-send-invoice";
import { createInvoiceInput, type CreateInvoiceInput } from "./schemas";

/** Net terms when the call names none (Equinox has no invoice templates or org-wide default). */
export const DEFAULT_NET_TERMS_DAYS = 30;
const DAY_MS = 86_400_000;

export type CreateInvoiceAnswer = { invoice: InvoiceObject | null; preview: InvoicePreview };

/** Equinox has no invoice templates: naming one is an unknown id, never silently ignored. */
export function invoiceTemplateNotFound(id: string): DomainError {
  return new DomainError("not_found", `Invoice template ${id} not found: Equinox has no invoice templates`, { field: "invoice_template_id" });
}

const notPriced = (field: string) => new DomainError("not_supported", `Equinox does not support ${field} on invoices.create yet`, { field });

const cents = (amount: number) => Math.round(amount * 100);

export async function createInvoice(ctx: Ctx, input: CreateInvoiceInput): Promise<CreateInvoiceAnswer> {
  authorize(ctx, "customers:write");
  const data = createInvoiceInput.parse(input);
  if (data.invoice_template_id !== undefined) throw invoiceTemplateNotFound(data.invoice_template_id);
  for (const field of ["discounts", "tax_rate_id", "period_start", "period_end"] as const) if (data[field] !== undefined) throw notPriced(field);
  const plans = data.plans ?? [];
  for (const [index, plan] of plans.entries()) {
    for (const field of ["customize", "feature_quantities", "license_quantities", "discounts"] as const) {
      if (plan[field] !== undefined) throw notPriced(`plans.${index}.${field}`);
    }
  }
  const custom = data.custom_line_items ?? [];
  if (plans.length === 0 && custom.length === 0) throw invalidInputs("plans", "name at least one plan or custom line item");

  const customer = await findCustomerByRef(db(), ctx.env, data.customer_id);
  if (!customer) throw customerNotFound(data.customer_id);

  const lines: DraftLine[] = [];
  let currency: string | null = null;
  for (const [index, ref] of plans.entries()) {
    const plan = ref.version === undefined ? await loadPlan(db(), ctx.env, ref.plan_id) : await loadPlanVersion(db(), ctx.env, ref.plan_id, ref.version);
    if (!plan.price || plan.price.amount <= 0) {
      throw new DomainError("invalid_request", `Plan ${plan.id} has no price to invoice`, { field: `plans.${index}.plan_id` });
    }
    if (currency !== null && plan.price.currency !== currency) {
      throw new DomainError("invalid_request", `Plan ${plan.id} is priced in ${plan.price.currency}, the invoice in ${currency}: one invoice has one currency`, {
        field: `plans.${index}.plan_id`,
      });
    }
    currency = plan.price.currency;
    lines.push({ planId: plan.id, description: plan.name, amount: plan.price.amount, quantity: null, period: null, metadata: {} });
  }
  for (const line of custom) lines.push({ planId: null, description: line.description, amount: cents(line.amount), quantity: null, period: null, metadata: {} });
  currency ??= "usd";
  if (lines.reduce((sum, line) => sum + line.amount, 0) < 0) throw invalidInputs("custom_line_items", "the invoice's total cannot be negative");

  const netTerms = data.net_terms_days ?? DEFAULT_NET_TERMS_DAYS;
  if (data.preview) return { invoice: null, preview: invoicePreview(currency, lines, new Date(Date.now() + netTerms * DAY_MS)) };

  const billed = await ensureStripeCustomer(ctx, customer.id);
  // One key per call: the SDK's and callStripe's retries of a step replay it; a second call is a second invoice.
  const key = `equinox-invoice-create-${randomUUID()}`;
  const planIds = [...new Set(lines.flatMap((line) => (line.planId ? [line.planId] : [])))];
  const draft = await createDraftWithLines(ctx.env, {
    stripeCustomerId: billed.stripeId,
    subscriptionId: null,
    currency,
    lines,
    terms: { daysUntilDue: netTerms },
    metadata: { equinox_env: ctx.env, equinox_customer_id: customer.id, ...(planIds.length > 0 ? { equinox_plan_ids: planIds.join(",") } : {}) },
    key,
    deleteDraftOnFailure: true,
  });
  let sent: Stripe.Invoice;
  try {
    sent = await finalizeAndSend(ctx.env, draft.id!, key);
  } catch (error) {
    // No half-issued invoice: a draft that could not be finalized is deleted (best effort; a draft bills nothing).
    await stripeFor(ctx.env).invoices.del(draft.id!).catch(() => undefined);
    throw error;
  }
  const row =
    (await upsertInvoiceFromStripe(ctx.env, sent, Math.floor(Date.now() / 1000))) ??
    (await db().invoice.findUniqueOrThrow({ where: { env_stripeInvoiceId: { env: ctx.env, stripeInvoiceId: sent.id! } } }));
  return {
    invoice: invoiceObject(row, customer),
    preview: invoicePreview(sent.currency, lines, sent.due_date ? new Date(sent.due_date * 1000) : null, sent.amount_due),
  };
}
