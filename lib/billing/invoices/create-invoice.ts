// invoices.create: a standalone send-invoice Stripe invoice for a customer, from catalog plans
// (list price, or a negotiated customize.price; unpriced prepaid feature quantities as plan units,
// as attach reads them; prorated over period_start → period_end), features priced on this invoice
// (customize.items: a feature quantity billed at its price on a line of its own, per billing
// units, graduated or volume tiers; lib/billing/invoices/feature-price.ts), and/or custom
// charges; a line may be billed under an existing Stripe price (processors.stripe.price_id) that
// bills the same amount; with Stripe coupons or promotion codes (on the invoice, or on one plan's
// lines: placePlanDiscounts) and a Stripe tax rate. It bills; it changes nothing else: no plan is enabled, no balance
// granted, no subscription touched. The invoice goes into the mirror at once (so invoices.list and
// the customer page show it); webhooks confirm it later. `preview` answers the lines and totals
// without creating anything (it reads a named coupon, code, price or tax rate from Stripe, to
// refuse unknown ones as the invoice would).
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
import { resolveDiscounts, stripeDiscounts, type ResolvedDiscount } from "@/lib/billing/api/discounts";
import { resolvePlanChoice } from "@/lib/billing/preview/plan-choice";
import { addInterval } from "@/lib/billing/preview/proration";
import { featureCharge } from "./feature-price";
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
 * What has no meaning in Equinox, refused with a stable 4xx code (the field named) rather than
 * ignored:
 *   - plans[].license_quantities: seats priced through a license plan linked to the parent plan.
 *     Equinox has no license plans (a plan's seats are its feature quantities), so every license
 *     plan named is unknown: not_found, as an unknown invoice template.
 *   - plans[].feature_quantities[].usage and customize.items[].feature_override: usage converted
 *     to credits through a credit system's rate card. Equinox has no credit-system features (a
 *     feature is boolean, single-use or continuous-use), so no feature can take usage or a rate
 *     card: invalid_request. Credits are billed as a quantity of the feature (its price in
 *     customize.items).
 */
export function licensePlanNotFound(planId: string, licensePlanId: string, field: string): DomainError {
  return new DomainError("not_found", `Plan ${planId} has no license plan ${licensePlanId}: Equinox has no license plans (bill seats as the plan's feature quantities)`, { field });
}

const notCreditSystem = (field: string, featureId: string) =>
  new DomainError(
    "invalid_request",
    `${field}: feature ${featureId} is not a credit system (Equinox has no credit systems, so there is no rate card to convert usage through); bill the credits as the feature's quantity`,
    { field },
  );

const cents = (amount: number) => Math.round(amount * 100);

type PlanRef = NonNullable<ReturnType<typeof createInvoiceInput.parse>["plans"]>[number];
type ItemPrice = NonNullable<NonNullable<NonNullable<PlanRef["customize"]>["items"]>[number]["price"]>;

function refuseMeaningless(plans: PlanRef[]): void {
  for (const [index, plan] of plans.entries()) {
    const at = `plans.${index}`;
    const license = plan.license_quantities?.[0];
    if (license) throw licensePlanNotFound(plan.plan_id, license.license_plan_id, `${at}.license_quantities.0.license_plan_id`);
    for (const [fqIndex, fq] of (plan.feature_quantities ?? []).entries()) {
      if (fq.usage !== undefined) throw notCreditSystem(`${at}.feature_quantities.${fqIndex}.usage`, fq.feature_id);
    }
    for (const [itemIndex, item] of (plan.customize?.items ?? []).entries()) {
      if (item.feature_override !== undefined) throw notCreditSystem(`${at}.customize.items.${itemIndex}.feature_override`, item.feature_id);
    }
  }
}

/** An existing Stripe price to bill a line under: it must bill what the invoice says (`unitAmount` cents per unit, in `currency`), or the preview and the invoice would differ. */
async function resolveStripePrice(ctx: Ctx, field: string, priceId: string, currency: string, unitAmount: number): Promise<string> {
  const price = await callStripe(ctx.env, "read the Stripe price", () => stripeFor(ctx.env).prices.retrieve(priceId)).catch((error: unknown) => {
    if (isStripeResourceMissing(error) || (error instanceof DomainError && error.status === 400)) throw invalidInputs(field, `no Stripe price ${priceId}`);
    throw error;
  });
  if (!price.active) throw invalidInputs(field, `Stripe price ${priceId} is archived (inactive): it cannot be used for new charges`);
  // Stripe takes only one-time prices on an invoice item (a recurring price belongs on a subscription).
  if (price.type !== "one_time") throw invalidInputs(field, `Stripe price ${priceId} is recurring: an invoice line bills a one-time price`);
  if (price.currency !== currency) throw invalidInputs(field, `Stripe price ${priceId} is in ${price.currency.toUpperCase()}, the line in ${currency.toUpperCase()}`);
  if (price.billing_scheme !== "per_unit" || price.unit_amount === null) throw invalidInputs(field, `Stripe price ${priceId} is not one amount per unit: an invoice line bills units of one amount`);
  if (price.unit_amount !== unitAmount) {
    throw invalidInputs(field, `Stripe price ${priceId} bills ${price.unit_amount / 100} per unit, not the ${unitAmount / 100} given: the amount must be the price's`);
  }
  return price.id;
}

const wholeUnitsOnly = (field: string) =>
  new DomainError("invalid_request", `${field}: a line billed under a Stripe price is charged in whole units of it and cannot be prorated; pass prorate: false or no period`, { field });

/** The tax rate as Stripe has it: unknown or archived ones are invalid_inputs, never ignored. */
async function resolveTaxRate(ctx: Ctx, id: string): Promise<InvoiceTaxRate> {
  const rate = await callStripe(ctx.env, "read the tax rate", () => stripeFor(ctx.env).taxRates.retrieve(id)).catch((error: unknown) => {
    if (isStripeResourceMissing(error) || (error instanceof DomainError && error.status === 400)) throw invalidInputs("tax_rate_id", `no Stripe tax rate ${id}`);
    throw error;
  });
  if (!rate.active) throw invalidInputs("tax_rate_id", `Stripe tax rate ${id} is archived (inactive)`);
  return { id: rate.id, percentage: rate.percentage, inclusive: rate.inclusive };
}

/** The share of one price interval (`count` of them) from `period.start` that the period covers (Autumn: "against one price interval starting at period_start"). */
function periodFraction(period: { start: number; end: number }, interval: ItemPrice["interval"] | PriceInterval, count = 1): number {
  if (interval === "one_off") return 1;
  const start = new Date(period.start * 1000);
  const end = interval === "week" ? new Date(start.getTime() + 7 * count * DAY_MS) : interval === "semi_annual" ? addInterval(start, "quarter", 2 * count) : addInterval(start, interval, count);
  return (period.end - period.start) / ((end.getTime() - start.getTime()) / 1000);
}

/** A plan's discounts (plans[].discounts, "applied only to this plan's lines") and its lines; `at` its field prefix. */
type PlanDiscounts = { at: string; discounts: ResolvedDiscount[]; lines: DraftLine[] };

/** Redeemed or taken once however many lines carry it: as a discount of each line it would be taken (amount_off) or redeemed (a promotion code) once per line. */
const oncePerInvoice = (discount: ResolvedDiscount) => discount.amountOff !== undefined || "promotion_code" in discount.stripe;

/**
 * Where each plan's discounts go in Stripe, so that they discount that plan's lines only, each
 * taken and redeemed once (Stripe: a discount is one redemption, taken once on what it
 * discounts; an invoice item's own discounts apply to that item before the invoice's). Returns
 * the invoice's discounts (`invoiceDiscounts` after any plan's moved there).
 *   - A plan billed on one line: its discounts are that line's (the invoice item's `discounts`).
 *   - A plan billed on several lines: its discounts are the invoice's (one discount, an amount_off
 *     spread over its lines in proportion, a percent_off on each), when nothing else on the
 *     invoice is discounted: every other line is then not discountable (Stripe's
 *     `discountable: false`). When the plan's lines are the invoice's only lines, the invoice's own
 *     discounts follow its (a line's discounts apply before the invoice's).
 *   - Otherwise (the invoice's or another plan's discounts are on other lines), a percent_off
 *     coupon is each of its lines' (a percentage of each is a percentage of all); an amount_off
 *     coupon or a promotion code would be taken or redeemed once per line, so it is refused
 *     (invalid_request naming it) rather than multiplied.
 */
export function placePlanDiscounts(lines: DraftLine[], plans: PlanDiscounts[], invoiceDiscounts: ResolvedDiscount[]): ResolvedDiscount[] {
  const several = plans.filter((plan) => plan.lines.length > 1);
  for (const plan of plans) if (plan.lines.length === 1) plan.lines[0]!.discounts = plan.discounts;
  if (several.length === 1) {
    const plan = several[0]!;
    const others = lines.filter((line) => !plan.lines.includes(line));
    if (others.length === 0) return [...plan.discounts, ...invoiceDiscounts];
    if (invoiceDiscounts.length === 0 && others.every((line) => !line.discounts?.length)) {
      for (const line of others) line.discountable = false;
      return plan.discounts;
    }
  }
  for (const plan of several) {
    const index = plan.discounts.findIndex(oncePerInvoice);
    if (index >= 0) {
      const field = `${plan.at}.discounts.${index}`;
      throw new DomainError(
        "invalid_request",
        `${field}: ${plan.discounts[index]!.id} would be taken once per line of the plan's ${plan.lines.length} lines: a fixed-amount coupon or a promotion code on a plan billed on several lines applies once only as the invoice's discount, and other lines of this invoice are discounted too; put it in the invoice's discounts or invoice the plan on its own`,
        { field },
      );
    }
    for (const line of plan.lines) line.discounts = plan.discounts;
  }
  return invoiceDiscounts;
}

export async function createInvoice(ctx: Ctx, input: CreateInvoiceInput): Promise<CreateInvoiceAnswer> {
  authorize(ctx, "customers:write");
  const data = createInvoiceInput.parse(input);
  if (data.invoice_template_id !== undefined) throw invoiceTemplateNotFound(data.invoice_template_id);
  const plans = data.plans ?? [];
  refuseMeaningless(plans);
  const custom = data.custom_line_items ?? [];
  if (plans.length === 0 && custom.length === 0) throw invalidInputs("plans", "name at least one plan or custom line item");
  const period = data.period_start !== undefined && data.period_end !== undefined ? { start: Math.floor(data.period_start / 1000), end: Math.floor(data.period_end / 1000) } : null;

  const customer = await findCustomerByRef(db(), ctx.env, data.customer_id);
  if (!customer) throw customerNotFound(data.customer_id);

  const lines: DraftLine[] = [];
  const discounted: PlanDiscounts[] = [];
  let currency: string | null = null;
  for (const [index, ref] of plans.entries()) {
    const at = `plans.${index}`;
    const price = ref.customize?.price;
    // This invoice's feature prices (customize.items), by feature and billing method: a feature
    // quantity of that billing behavior is billed at it, on a line of its own.
    const itemPrices = new Map<string, ItemPrice>();
    for (const [itemIndex, item] of (ref.customize?.items ?? []).entries()) {
      if (!item.price) continue;
      const key = `${item.feature_id}:${item.price.billing_method}`;
      if (itemPrices.has(key)) throw invalidInputs(`${at}.customize.items.${itemIndex}.feature_id`, `prices feature ${item.feature_id} (${item.price.billing_method}) twice`);
      itemPrices.set(key, item.price);
    }
    const fqs = ref.feature_quantities ?? [];
    const priced: { fq: (typeof fqs)[number]; fqIndex: number; price: ItemPrice }[] = [];
    for (const [fqIndex, fq] of fqs.entries()) {
      const itemPrice = itemPrices.get(`${fq.feature_id}:${fq.billing_behavior}`);
      if (itemPrice) priced.push({ fq, fqIndex, price: itemPrice });
      else if (fq.billing_behavior === "usage_based") {
        const field = `${at}.feature_quantities.${fqIndex}.billing_behavior`;
        throw new DomainError(
          "invalid_request",
          `${field}: plan ${ref.plan_id} has no usage_based price for feature ${fq.feature_id} (Equinox's plans price no feature): name one in customize.items with billing_method usage_based`,
          { field },
        );
      }
    }
    const pricedIndexes = new Set(priced.map((entry) => entry.fqIndex));
    // attach's reading of a plan (plan-choice.ts): the version, a negotiated price, unpriced
    // prepaid feature quantities as plan units (a priced one is passed without a quantity, so
    // the indexes in its errors stay the caller's).
    const choice = await resolvePlanChoice(
      db(),
      ctx.env,
      {
        plan_id: ref.plan_id,
        version: ref.version,
        feature_quantities: fqs.map((fq, fqIndex) => ({ feature_id: fq.feature_id, quantity: pricedIndexes.has(fqIndex) ? undefined : fq.quantity })),
        ...(price && price.amount > 0 ? { customize: { price: { amount: price.amount, interval: price.interval, interval_count: price.interval_count } } } : {}),
      },
      `${at}.`,
    );
    const plan = choice.plan;
    const featureOf = (featureId: string, field: string) => {
      const item = plan.items.find((candidate) => candidate.featureId === featureId);
      if (!item) throw invalidInputs(field, `plan ${plan.id} has no item for feature ${featureId}`);
      return item;
    };
    for (const [itemIndex, item] of (ref.customize?.items ?? []).entries()) featureOf(item.feature_id, `${at}.customize.items.${itemIndex}.feature_id`);
    if (currency !== null && choice.priced.currency !== currency) {
      throw new DomainError("invalid_request", `Plan ${plan.id} is priced in ${choice.priced.currency}, the invoice in ${currency}: one invoice has one currency`, {
        field: `${at}.plan_id`,
      });
    }
    currency = choice.priced.currency;
    const planDiscounts = ref.discounts?.length ? await resolveDiscounts(ctx, ref.discounts, currency) : undefined;
    const firstLine = lines.length;

    // customize.price null or 0: "omit the base price line".
    if (!(price === null || price?.amount === 0)) {
      if (choice.priced.unitAmount <= 0) {
        throw new DomainError("invalid_request", `Plan ${plan.id} has no price to invoice`, { field: `${at}.plan_id` });
      }
      const prorate = ref.prorate ?? true;
      const contrary = fqs.findIndex((fq, fqIndex) => !pricedIndexes.has(fqIndex) && fq.prorate !== undefined && fq.prorate !== prorate);
      if (contrary >= 0) throw invalidInputs(`${at}.feature_quantities.${contrary}.prorate`, "must match the plan's prorate: a plan's unpriced feature quantities bill on its one line");
      const fraction = period && prorate ? periodFraction(period, choice.priced.interval) : 1;
      const units = choice.quantity;
      const whole = fraction === 1;
      const processorPrice = price?.processors?.stripe?.price_id;
      const priceField = `${at}.customize.price.processors.stripe.price_id`;
      if (processorPrice !== undefined && !whole) throw wholeUnitsOnly(priceField);
      const stripePrice = processorPrice !== undefined ? await resolveStripePrice(ctx, priceField, processorPrice, currency, choice.priced.unitAmount) : undefined;
      lines.push({
        planId: plan.id,
        description: `${plan.name}${units !== 1 ? ` × ${units}` : ""}`,
        amount: whole ? choice.priced.unitAmount * units : Math.round(choice.priced.unitAmount * units * fraction),
        quantity: choice.featureQuantities.length > 0 ? units : null,
        ...(whole && units !== 1 ? { unitAmount: choice.priced.unitAmount } : {}),
        ...(stripePrice !== undefined ? { stripePrice, stripeQuantity: units } : {}),
        prorated: !whole,
        period,
        metadata: {},
      });
    }

    // Each priced feature quantity: its units (rounded up to billing units) at this invoice's price.
    for (const { fq, fqIndex, price: itemPrice } of priced) {
      if (fq.quantity === undefined || fq.quantity === 0) continue;
      const feature = featureOf(fq.feature_id, `${at}.feature_quantities.${fqIndex}.feature_id`);
      const charge = featureCharge(itemPrice, fq.quantity);
      // Autumn: "Defaults to true for prepaid and false for usage-based."
      const prorate = fq.prorate ?? fq.billing_behavior === "prepaid";
      const fraction = period && prorate ? periodFraction(period, itemPrice.interval, itemPrice.interval_count) : 1;
      const whole = fraction === 1;
      const processorPrice = itemPrice.processors?.stripe?.price_id;
      const itemIndex = (ref.customize?.items ?? []).findIndex((item) => item.price === itemPrice);
      const priceField = `${at}.customize.items.${itemIndex}.price.processors.stripe.price_id`;
      let stripePrice: string | undefined;
      if (processorPrice !== undefined) {
        if (itemPrice.amount === undefined) throw invalidInputs(priceField, "a Stripe price bills one amount per unit: a tiered price cannot be billed under it");
        if (!whole) throw wholeUnitsOnly(priceField);
        stripePrice = await resolveStripePrice(ctx, priceField, processorPrice, currency, cents(itemPrice.amount));
      }
      // Stripe's unit_amount_decimal takes at most 12 decimals: a finer unit price is one charge.
      const unitAmount = whole && charge.unitAmount !== null && Number(charge.unitAmount.toFixed(12)) === charge.unitAmount ? charge.unitAmount : undefined;
      lines.push({
        planId: plan.id,
        featureId: fq.feature_id,
        description: `${feature.featureName} × ${charge.units}`,
        amount: whole ? charge.amount : Math.round(charge.amount * fraction),
        quantity: charge.units,
        ...(unitAmount !== undefined ? { unitAmount } : {}),
        ...(stripePrice !== undefined ? { stripePrice, stripeQuantity: charge.packs } : {}),
        prorated: !whole,
        period,
        metadata: {},
      });
    }
    if (planDiscounts && lines.length > firstLine) discounted.push({ at, discounts: planDiscounts, lines: lines.slice(firstLine) });
  }
  for (const line of custom) lines.push({ planId: null, description: line.description, amount: cents(line.amount), quantity: null, period, metadata: {} });
  if (lines.length === 0) throw invalidInputs("plans", "nothing to invoice: every plan's base price is omitted (customize.price null or 0) and no feature quantity is priced");
  currency ??= "usd";
  if (lines.reduce((sum, line) => sum + line.amount, 0) < 0) throw invalidInputs("custom_line_items", "the invoice's total cannot be negative");
  // Checked against Stripe before anything is made (and in a preview): an unknown coupon, code or tax rate is refused, never dropped.
  const discounts = placePlanDiscounts(lines, discounted, await resolveDiscounts(ctx, data.discounts, currency));
  const taxRate = data.tax_rate_id !== undefined ? await resolveTaxRate(ctx, data.tax_rate_id) : null;
  const pricing = { discounts, taxRates: taxRate ? [taxRate] : [] };

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
