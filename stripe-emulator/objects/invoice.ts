import Stripe from "stripe";

import { discountCouponId, discountLines } from "./discount";

import { newId } from "../ids";
import type { ModeState } from "../store";
import { nowSeconds } from "../time";

export interface InvoiceLineInput {
  /** Null for an invoice item made from a bare `amount`. */
  price: Stripe.Price | null;
  quantity: number;
  description: string;
  subscriptionItem: string | null;
  /** Set for lines that come from an invoice item (prorations, one-off charges). */
  invoiceItem?: string | null;
  proration?: boolean;
  period: { start: number; end: number };
  /** Overrides price × quantity, e.g. 0 for a trial line or a prorated amount. */
  amount?: number;
  currency?: string;
  discountable?: boolean;
  metadata?: Record<string, string>;
}

export interface InvoiceInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  lines: InvoiceLineInput[];
  billingReason: Stripe.Invoice.BillingReason;
  period: { start: number; end: number };
  /** Defaults to the subscription's, else charge_automatically. */
  collectionMethod?: Stripe.Invoice.CollectionMethod;
  daysUntilDue?: number | null;
  dueDate?: number | null;
  /** Subscription invoices auto-advance; API-created ones default to false, as on Stripe. */
  autoAdvance?: boolean;
  description?: string | null;
  footer?: string | null;
  metadata?: Record<string, string>;
  /** Discount ids (`di_…`) that apply to the whole invoice. */
  discounts?: string[];
  currency?: string;
  /** Preview invoices carry `upcoming_in_…` ids and are never stored. */
  id?: string;
}

/** Stripe finalizes an auto-advancing draft about an hour after creating it. */
export const AUTO_FINALIZE_DELAY_SECONDS = 3600;

function lineParent(
  subscription: Stripe.Subscription | null,
  line: InvoiceLineInput,
): Stripe.InvoiceLineItem.Parent | null {
  const proration = line.proration ?? false;
  if (line.invoiceItem !== undefined && line.invoiceItem !== null) {
    return {
      invoice_item_details: {
        invoice_item: line.invoiceItem,
        proration,
        proration_details: { credited_items: null },
        subscription: subscription?.id ?? null,
      },
      subscription_item_details: null,
      type: "invoice_item_details",
    };
  }
  if (subscription === null || line.subscriptionItem === null) return null;
  return {
    invoice_item_details: null,
    subscription_item_details: {
      invoice_item: null,
      proration,
      proration_details: { credited_items: null },
      subscription: subscription.id,
      subscription_item: line.subscriptionItem,
    },
    type: "subscription_item_details",
  };
}

export function lineAmount(line: InvoiceLineInput): number {
  return line.amount ?? (line.price?.unit_amount ?? 0) * line.quantity;
}

function buildLine(
  state: ModeState,
  invoiceId: string,
  subscription: Stripe.Subscription | null,
  line: InvoiceLineInput,
): Stripe.InvoiceLineItem {
  const amount = lineAmount(line);
  const price = line.price;
  const productId = price === null ? null : typeof price.product === "string" ? price.product : price.product.id;
  return {
    id: newId("il"),
    object: "line_item",
    amount,
    currency: price?.currency ?? line.currency ?? subscription?.currency ?? "usd",
    description: line.description,
    discount_amounts: [],
    discountable: line.discountable ?? true,
    discounts: [],
    invoice: invoiceId,
    livemode: state.livemode,
    metadata: line.metadata ?? {},
    parent: lineParent(subscription, line),
    period: line.period,
    pretax_credit_amounts: [],
    pricing: {
      ...(price === null || productId === null ? {} : { price_details: { price: price.id, product: productId } }),
      type: "price_details",
      unit_amount_decimal:
        price?.unit_amount_decimal ??
        Stripe.Decimal.from(String(line.quantity === 0 ? amount : amount / line.quantity)),
    },
    quantity: line.quantity,
    quantity_decimal: Stripe.Decimal.from(String(line.quantity)),
    subscription: subscription?.id ?? null,
    subtotal: amount,
    taxes: [],
  };
}

export function appendInvoiceLines(
  state: ModeState,
  invoice: Stripe.Invoice,
  subscription: Stripe.Subscription | null,
  lines: InvoiceLineInput[],
): void {
  for (const line of lines) invoice.lines.data.push(buildLine(state, invoice.id, subscription, line));
}

/** Invoice numbers follow Stripe's `{customer prefix}-{0001}` scheme. */
function nextNumber(customer: Stripe.Customer): string {
  const sequence = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = sequence + 1;
  return `${customer.invoice_prefix ?? "EMU"}-${String(sequence).padStart(4, "0")}`;
}

/**
 * A draft invoice; callers walk it through Stripe's lifecycle with
 * `finalizeInvoice` and `markInvoicePaid` / `markInvoicePaymentFailed`,
 * emitting an event after each step so every snapshot is accurate.
 */
export function buildInvoice(state: ModeState, input: InvoiceInput): Stripe.Invoice {
  const id = input.id ?? newId("in");
  const now = nowSeconds(state);
  const lines = input.lines.map((line) => buildLine(state, id, input.subscription, line));
  const currency = input.currency ?? lines[0]?.currency ?? input.subscription?.currency ?? "usd";
  const subscription = input.subscription;
  const collectionMethod = input.collectionMethod ?? subscription?.collection_method ?? "charge_automatically";
  const daysUntilDue =
    collectionMethod === "send_invoice" ? (input.daysUntilDue ?? subscription?.days_until_due ?? null) : null;
  const dueDate =
    collectionMethod !== "send_invoice"
      ? null
      : (input.dueDate ?? (daysUntilDue === null ? null : now + daysUntilDue * 86_400));
  if (daysUntilDue !== null && input.dueDate == null && input.id === undefined) {
    state.internal.invoiceDaysUntilDue.set(id, daysUntilDue);
  }
  const autoAdvance = input.autoAdvance ?? subscription !== null;
  const invoice: Stripe.Invoice = {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Stripe Emulator",
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: autoAdvance,
    automatic_tax: {
      disabled_reason: null,
      enabled: false,
      liability: null,
      provider: null,
      status: null,
    },
    automatically_finalizes_at: autoAdvance ? now + AUTO_FINALIZE_DELAY_SECONDS : null,
    billing_reason: input.billingReason,
    collection_method: collectionMethod,
    created: now,
    currency,
    custom_fields: null,
    customer: input.customer.id,
    customer_account: null,
    customer_address: input.customer.address ?? null,
    customer_email: input.customer.email,
    customer_name: input.customer.name ?? null,
    customer_phone: input.customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: input.description ?? subscription?.description ?? null,
    discounts: input.discounts ?? [],
    due_date: dueDate,
    effective_at: null,
    ending_balance: null,
    footer: input.footer ?? null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: "list",
      data: lines,
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode: state.livemode,
    metadata: input.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent:
      subscription === null
        ? null
        : {
            quote_details: null,
            subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id },
            type: "subscription_details",
          },
    payment_settings: {
      default_mandate: null,
      payment_method_options: null,
      payment_method_types: null,
    },
    period_end: input.period.end,
    period_start: input.period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: {
      finalized_at: null,
      marked_uncollectible_at: null,
      paid_at: null,
      voided_at: null,
    },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  recomputeInvoiceTotals(state, invoice);
  return invoice;
}

/**
 * Recomputes every amount from the lines and the invoice's discounts, the way
 * Stripe does whenever a draft changes. A negative total (credits from
 * prorations) leaves nothing due; Stripe would credit the customer balance.
 */
function couponsOf(state: ModeState, entries: readonly (string | Stripe.Discount | Stripe.DeletedDiscount)[]): { id: string; coupon: Stripe.Coupon }[] {
  return entries
    .map((entry) => (typeof entry === "string" ? state.discounts.get(entry) : entry))
    .filter((discount): discount is Stripe.Discount => discount !== undefined && discount.deleted !== true)
    .map((discount) => ({ id: discount.id, coupon: state.coupons.get(discountCouponId(discount)) }))
    .filter((entry): entry is { id: string; coupon: Stripe.Coupon } => entry.coupon !== undefined);
}

export function recomputeInvoiceTotals(state: ModeState, invoice: Stripe.Invoice): void {
  const discounts = couponsOf(state, invoice.discounts ?? []);
  const lines = invoice.lines.data;
  // A line's own discounts (its invoice item's `discounts`) come first, on that line alone; the
  // invoice's then apply to what every line has left.
  const own = lines.map((line) => {
    const itemId = line.parent?.invoice_item_details?.invoice_item ?? null;
    const item = itemId === null ? undefined : state.invoiceItems.get(itemId);
    const coupons = couponsOf(state, item?.discounts ?? []);
    return line.discountable && coupons.length > 0 ? (discountLines([line.amount], coupons)[0] ?? []) : [];
  });
  const discountable = lines.map((line, index) => (line.discountable ? line.amount - (own[index] ?? []).reduce((sum, entry) => sum + entry.amount, 0) : 0));
  const shared = discountLines(discountable, discounts);
  const totals = new Map<string, number>();
  lines.forEach((line, index) => {
    const amounts = [...(own[index] ?? []), ...(shared[index] ?? [])];
    line.discount_amounts = amounts.map((entry) => ({ amount: entry.amount, discount: entry.discount }));
    line.discounts = amounts.map((entry) => entry.discount);
    for (const entry of amounts) totals.set(entry.discount, (totals.get(entry.discount) ?? 0) + entry.amount);
  });
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const discountTotal = [...totals.values()].reduce((sum, amount) => sum + amount, 0);
  const taxes = applyTaxRates(invoice, lines);
  const total = subtotal - discountTotal + taxes.exclusive;
  invoice.subtotal = subtotal;
  invoice.subtotal_excluding_tax = subtotal - taxes.inclusive;
  invoice.total_discount_amounts = [...new Set([...own.flatMap((entries) => entries.map((entry) => entry.discount)), ...discounts.map((discount) => discount.id)])].map((id) => ({
    amount: totals.get(id) ?? 0,
    discount: id,
  }));
  invoice.total = total;
  invoice.total_excluding_tax = total - taxes.exclusive - taxes.inclusive;
  if (invoice.status === "draft") {
    invoice.amount_due = Math.max(0, total);
    invoice.amount_remaining = invoice.amount_due;
  }
}

/**
 * The invoice's `default_tax_rates` on every line, after its discounts (Stripe taxes what is
 * charged): an exclusive rate adds round(amount × percentage) on top, an inclusive one is the part
 * of the amount that is tax, round(amount − amount / (1 + percentage)). Per line, then summed per
 * rate into `total_taxes`. Lines' own tax rates are not modelled (refused on invoice items).
 */
function applyTaxRates(invoice: Stripe.Invoice, lines: Stripe.InvoiceLineItem[]): { exclusive: number; inclusive: number } {
  const rates = invoice.default_tax_rates ?? [];
  const perRate = new Map<string, Stripe.Invoice.TotalTax>();
  let exclusive = 0;
  let inclusive = 0;
  for (const line of lines) {
    const taxable = line.amount - (line.discount_amounts ?? []).reduce((sum, entry) => sum + entry.amount, 0);
    line.taxes = rates.map((rate) => {
      const amount = rate.inclusive ? Math.round(taxable - taxable / (1 + rate.percentage / 100)) : Math.round((taxable * rate.percentage) / 100);
      const taxableAmount = rate.inclusive ? taxable - amount : taxable;
      if (rate.inclusive) inclusive += amount;
      else exclusive += amount;
      const behavior = rate.inclusive ? "inclusive" : "exclusive";
      const sum = perRate.get(rate.id);
      if (sum) {
        sum.amount += amount;
        sum.taxable_amount = (sum.taxable_amount ?? 0) + taxableAmount;
      } else {
        perRate.set(rate.id, { amount, tax_behavior: behavior, tax_rate_details: { tax_rate: rate.id }, taxability_reason: "standard_rated", taxable_amount: taxableAmount, type: "tax_rate_details" });
      }
      return { amount, tax_behavior: behavior, tax_rate_details: { tax_rate: rate.id }, taxability_reason: "standard_rated", taxable_amount: taxableAmount, type: "tax_rate_details" as const };
    });
  }
  invoice.total_taxes = [...perRate.values()];
  return { exclusive, inclusive };
}

export function finalizeInvoice(state: ModeState, invoice: Stripe.Invoice, customer: Stripe.Customer): void {
  const now = nowSeconds(state);
  recomputeInvoiceTotals(state, invoice);
  invoice.status = "open";
  invoice.number = nextNumber(customer);
  invoice.effective_at = now;
  invoice.automatically_finalizes_at = null;
  invoice.status_transitions.finalized_at = now;
  invoice.webhooks_delivered_at = now;
  invoice.ending_balance = Math.min(0, invoice.total);
  invoice.hosted_invoice_url = `${state.publicUrl()}/invoice/${invoice.id}`;
  invoice.invoice_pdf = `${state.publicUrl()}/invoice/${invoice.id}/pdf`;
  if (invoice.collection_method === "send_invoice" && invoice.due_date === null) {
    const days = state.internal.invoiceDaysUntilDue.get(invoice.id) ?? 30;
    invoice.due_date = now + days * 86_400;
  }
}

export function markInvoicePaid(state: ModeState, invoice: Stripe.Invoice): void {
  const now = nowSeconds(state);
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  if (invoice.amount_due > 0) {
    invoice.attempt_count += 1;
    invoice.attempted = true;
  }
  invoice.auto_advance = false;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
}

/** Smart Retries would try again in a few days; the emulator only records the date. */
export function markInvoicePaymentFailed(state: ModeState, invoice: Stripe.Invoice): void {
  invoice.attempt_count += 1;
  invoice.attempted = true;
  invoice.next_payment_attempt = nowSeconds(state) + 3 * 86_400;
}
