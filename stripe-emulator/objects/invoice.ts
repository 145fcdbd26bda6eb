import type Stripe from "stripe";

import { newId } from "../ids";
import type { ModeState } from "../store";
import { nowSeconds } from "../time";

export interface InvoiceLineInput {
  price: Stripe.Price;
  quantity: number;
  description: string;
  subscriptionItem: string | null;
  period: { start: number; end: number };
  /** Overrides price × quantity, e.g. 0 for a trial line. */
  amount?: number;
}

export interface InvoiceInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  lines: InvoiceLineInput[];
  billingReason: Stripe.Invoice.BillingReason;
  period: { start: number; end: number };
}

function buildLine(
  state: ModeState,
  invoiceId: string,
  subscription: Stripe.Subscription | null,
  line: InvoiceLineInput,
): Stripe.InvoiceLineItem {
  const amount = line.amount ?? (line.price.unit_amount ?? 0) * line.quantity;
  const productId = typeof line.price.product === "string" ? line.price.product : line.price.product.id;
  return {
    id: newId("il"),
    object: "line_item",
    amount,
    currency: line.price.currency,
    description: line.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: state.livemode,
    metadata: {},
    parent:
      subscription === null || line.subscriptionItem === null
        ? null
        : {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: subscription.id,
              subscription_item: line.subscriptionItem,
            },
            type: "subscription_item_details",
          },
    period: line.period,
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: line.price.id, product: productId },
      type: "price_details",
      unit_amount_decimal: line.price.unit_amount_decimal,
    },
    quantity: line.quantity,
    quantity_decimal: null,
    subscription: subscription?.id ?? null,
    subtotal: amount,
    taxes: [],
  };
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
  const id = newId("in");
  const now = nowSeconds();
  const lines = input.lines.map((line) => buildLine(state, id, input.subscription, line));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const currency = lines[0]?.currency ?? input.subscription?.currency ?? "usd";
  const subscription = input.subscription;
  return {
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Stripe Emulator",
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: {
      disabled_reason: null,
      enabled: false,
      liability: null,
      provider: null,
      status: null,
    },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: "charge_automatically",
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
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: 0,
    footer: null,
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
    metadata: {},
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
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

export function finalizeInvoice(invoice: Stripe.Invoice, customer: Stripe.Customer): void {
  const now = nowSeconds();
  invoice.status = "open";
  invoice.number = nextNumber(customer);
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
  invoice.webhooks_delivered_at = now;
}

export function markInvoicePaid(invoice: Stripe.Invoice): void {
  const now = nowSeconds();
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
export function markInvoicePaymentFailed(invoice: Stripe.Invoice): void {
  invoice.attempt_count += 1;
  invoice.attempted = true;
  invoice.next_payment_attempt = nowSeconds() + 3 * 86_400;
}
