// invoices.create: a standalone send-invoice Stripe invoice for a customer, from catalog plans
// (list price, or a negotiated customize.price; feature quantities as plan units, as attach reads
// them; prorated over period_start → period_end) and/or custom charges, with Stripe coupons or
// promotion codes (on the invoice, or on one plan's line) and a Stripe tax rate. It bills; it
// changes nothing else: no plan is enabled, no balance granted, no subscription touched. The
// invoice goes into the mirror at once (so invoices.list and the customer page show it); webhooks
// confirm it later. `preview` answers the lines and totals without creating anything (it reads a
// named coupon, code or tax rate from Stripe, to refuse unknown ones as the invoice would).
import "server-only";
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound, DomainError, invalidInputs } from "@/lib/errors";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import type { PriceInterval } from "@/lib/generated/prisma";
import { ensureStripeCustomer } from "@/lib/billing/ensure-stripe-customer";
import { stripeFor } from "@/lib/billing/stripe-client";
import { callStripe, isStripeResourceMissing } from "@/lib/billing/stripe-errors";
import { resolveDiscounts, stripeDiscounts } from "@/lib/billing/api/discounts";
import { resolvePlanChoice } from "@/lib/billing/preview/plan-choice";
import { addInterval, isRecurring } from "@/lib/billing/preview/proration";
import { upsertInvoiceFromStripe } from "./mirror-invoice";
import { invoiceObject, type InvoiceObject } from "./invoice-object";
import { invoicePreview, type DraftLine, type InvoicePreview, type InvoiceTaxRate } from "./invoice-preview";
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

/**
 * What Equinox cannot price on an invoice, refused (501 not_supported, the field named) rather than
 * ignored. Each is refused for a reason that holds for the whole product, not for lack of code:
 *   - plans[].license_quantities: seats priced through a license plan linked to the parent plan;
 *     Equinox has no license plans.
 *   - plans[].customize.items: per-feature prices; Equinox prices a plan as a whole (its items
 *     carry grants, no price), so there is no feature price to override.
 *   - plans[].customize.price.processors: bill under an existing Stripe price; Equinox bills its
 *     own amounts inline, so the line's price is the amount given.
 *   - plans[].feature_quantities[].usage: credit-system conversion; Equinox has no credit systems.
 *   - plans[].feature_quantities[].billing_behavior usage_based: a plan's items have no usage price.
 */
const notPriced = (field: string, why: string) => new DomainError("not_supported", `Equinox does not support ${field} on invoices.create: ${why}`, { field });

const cents = (amount: number) => Math.round(amount * 100);

type PlanRef = NonNullable<ReturnType<typeof createInvoiceInput.parse>["plans"]>[number];

function refuseUnpriced(plans: PlanRef[]): void {
  for (const [index, plan] of plans.entries()) {
    const at = `plans.${index}`;
    if (plan.license_quantities !== undefined) throw notPriced(`${at}.license_quantities`, "it has no license plans");
    if (plan.customize?.items !== undefined) throw notPriced(`${at}.customize.items`, "a plan is priced as a whole, its features carry no price");
    if (plan.customize?.price?.processors !== undefined) throw notPriced(`${at}.customize.price.processors`, "lines are billed at the amount given, not under an existing Stripe price");
    for (const [fqIndex, fq] of (plan.feature_quantities ?? []).entries()) {
      if (fq.usage !== undefined) throw notPriced(`${at}.feature_quantities.${fqIndex}.usage`, "it has no credit systems");
      if (fq.billing_behavior === "usage_based") throw notPriced(`${at}.feature_quantities.${fqIndex}.billing_behavior`, "a plan's features have no usage-based price");
    }
  }
}

/** The tax rate as Stripe has it: unknown or archived ones are invalid_inputs, never ignored. */
async function resolveTaxRate(ctx: Ctx, id: string): Promise<InvoiceTaxRate> {
  const rate = await callStripe(ctx.env, "read the tax rate", () => stripeFor(ctx.env).taxRates.retrieve(id)).catch((error: unknown) => {
    if (isStripeResourceMissing(error) || (error instanceof DomainError && error.status === 400)) throw invalidInputs("tax_rate_id", `no Stripe tax rate ${id}`);
    throw error;
  });
  if (!rate.active) throw invalidInputs("tax_rate_id", `Stripe tax rate ${id} is archived (inactive)`);
  return { id: rate.id, percentage: rate.percentage, inclusive: rate.inclusive };
}

/** The share of one price interval from `period.start` that the period covers (Autumn: "against one price interval starting at period_start"). */
function periodFraction(period: { start: number; end: number }, interval: PriceInterval): number {
  if (!isRecurring(interval)) return 1;
  const start = new Date(period.start * 1000);
  const intervalSeconds = (addInterval(start, interval).getTime() - start.getTime()) / 1000;
  return (period.end - period.start) / intervalSeconds;
}

export async function createInvoice(ctx: Ctx, input: CreateInvoiceInput): Promise<CreateInvoiceAnswer> {
  authorize(ctx, "customers:write");
  const data = createInvoiceInput.parse(input);
  if (data.invoice_template_id !== undefined) throw invoiceTemplateNotFound(data.invoice_template_id);
  const plans = data.plans ?? [];
  refuseUnpriced(plans);
  const custom = data.custom_line_items ?? [];
  if (plans.length === 0 && custom.length === 0) throw invalidInputs("plans", "name at least one plan or custom line item");
  const period = data.period_start !== undefined && data.period_end !== undefined ? { start: Math.floor(data.period_start / 1000), end: Math.floor(data.period_end / 1000) } : null;

  const customer = await findCustomerByRef(db(), ctx.env, data.customer_id);
  if (!customer) throw customerNotFound(data.customer_id);

  const lines: DraftLine[] = [];
  let currency: string | null = null;
  for (const [index, ref] of plans.entries()) {
    // attach's reading of a plan (plan-choice.ts): the version, a negotiated price, feature quantities as plan units.
    const price = ref.customize?.price;
    const choice = await resolvePlanChoice(
      db(),
      ctx.env,
      {
        plan_id: ref.plan_id,
        version: ref.version,
        feature_quantities: ref.feature_quantities?.map((fq) => ({ feature_id: fq.feature_id, quantity: fq.quantity })),
        ...(price && price.amount > 0 ? { customize: { price: { amount: price.amount, interval: price.interval, interval_count: price.interval_count } } } : {}),
      },
      `plans.${index}.`,
    );
    const plan = choice.plan;
    // customize.price null or 0: "omit the base price line", the only line a plan has here.
    if (price === null || price?.amount === 0) continue;
    if (choice.priced.unitAmount <= 0) {
      throw new DomainError("invalid_request", `Plan ${plan.id} has no price to invoice`, { field: `plans.${index}.plan_id` });
    }
    if (currency !== null && choice.priced.currency !== currency) {
      throw new DomainError("invalid_request", `Plan ${plan.id} is priced in ${choice.priced.currency}, the invoice in ${currency}: one invoice has one currency`, {
        field: `plans.${index}.plan_id`,
      });
    }
    currency = choice.priced.currency;
    const prorate = ref.prorate ?? true;
    const contrary = (ref.feature_quantities ?? []).findIndex((fq) => fq.prorate !== undefined && fq.prorate !== prorate);
    if (contrary >= 0) throw invalidInputs(`plans.${index}.feature_quantities.${contrary}.prorate`, "must match the plan's prorate: a plan's feature quantities bill on its one line");
    const fraction = period && prorate ? periodFraction(period, choice.priced.interval) : 1;
    const units = choice.quantity;
    const whole = fraction === 1;
    lines.push({
      planId: plan.id,
      description: `${plan.name}${units !== 1 ? ` × ${units}` : ""}`,
      amount: whole ? choice.priced.unitAmount * units : Math.round(choice.priced.unitAmount * units * fraction),
      quantity: choice.featureQuantities.length > 0 ? units : null,
      ...(whole && units !== 1 ? { unitAmount: choice.priced.unitAmount } : {}),
      prorated: !whole,
      period,
      metadata: {},
      ...(ref.discounts?.length ? { discounts: await resolveDiscounts(ctx, ref.discounts, currency) } : {}),
    });
  }
  for (const line of custom) lines.push({ planId: null, description: line.description, amount: cents(line.amount), quantity: null, period, metadata: {} });
  if (lines.length === 0) throw invalidInputs("plans", "every plan's base price is omitted (customize.price null or 0): nothing to invoice");
  currency ??= "usd";
  if (lines.reduce((sum, line) => sum + line.amount, 0) < 0) throw invalidInputs("custom_line_items", "the invoice's total cannot be negative");
  // Checked against Stripe before anything is made (and in a preview): an unknown coupon, code or tax rate is refused, never dropped.
  const discounts = await resolveDiscounts(ctx, data.discounts, currency);
  const taxRate = data.tax_rate_id !== undefined ? await resolveTaxRate(ctx, data.tax_rate_id) : null;
  const pricing = { discounts, taxRate };

  const netTerms = data.net_terms_days ?? DEFAULT_NET_TERMS_DAYS;
  if (data.preview) return { invoice: null, preview: invoicePreview(currency, lines, new Date(Date.now() + netTerms * DAY_MS), undefined, pricing) };

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
    discounts: stripeDiscounts(discounts),
    taxRateIds: taxRate ? [taxRate.id] : [],
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
    preview: invoicePreview(sent.currency, lines, sent.due_date ? new Date(sent.due_date * 1000) : null, sent.amount_due, pricing),
  };
}
