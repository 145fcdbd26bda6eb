import type Stripe from "stripe";

import { invalidRequest } from "./errors";
import type { EmitFn } from "./events";
import { newId } from "./ids";
import { previousAttributes, snapshot } from "./json";
import { discountCouponId } from "./objects/discount";
import {
  appendInvoiceLines,
  buildInvoice,
  finalizeInvoice,
  markInvoicePaid,
  markInvoicePaymentFailed,
  recomputeInvoiceTotals,
  type InvoiceInput,
  type InvoiceLineInput,
} from "./objects/invoice";
import { buildCardPaymentMethod } from "./objects/payments";
import { liveCustomer, type ModeState } from "./store";
import { nowSeconds } from "./time";

/*
 * The invoice lifecycle (draft → open → paid | void | uncollectible) shared by
 * the API routes, the hosted invoice page and the clock. Every transition
 * checks Stripe's preconditions and emits Stripe's events in Stripe's order.
 */

export function invoiceCustomer(state: ModeState, invoice: Stripe.Invoice): Stripe.Customer {
  const id = typeof invoice.customer === "string" ? invoice.customer : (invoice.customer?.id ?? "");
  const customer = liveCustomer(state, id);
  if (customer === undefined) throw invalidRequest(`Customer '${id}' has been deleted.`, "customer");
  return customer;
}

export function invoiceSubscription(state: ModeState, invoice: Stripe.Invoice): Stripe.Subscription | undefined {
  const id = invoice.parent?.subscription_details?.subscription;
  if (id === undefined || id === null) return undefined;
  return state.subscriptions.get(typeof id === "string" ? id : id.id);
}

/** Stripe's payment-method precedence: invoice, then subscription, then the customer's default. */
export function paymentMethodFor(state: ModeState, invoice: Stripe.Invoice): string | null {
  const own = invoice.default_payment_method;
  if (own !== null) return typeof own === "string" ? own : own.id;
  const subscriptionMethod = invoiceSubscription(state, invoice)?.default_payment_method ?? null;
  if (subscriptionMethod !== null) return typeof subscriptionMethod === "string" ? subscriptionMethod : subscriptionMethod.id;
  const customer = invoiceCustomer(state, invoice);
  const customerMethod = customer.invoice_settings.default_payment_method;
  if (customerMethod === null) return null;
  return typeof customerMethod === "string" ? customerMethod : customerMethod.id;
}

/** Pending invoice items (not yet on an invoice) of a customer, optionally of one subscription. */
export function pendingInvoiceItems(
  state: ModeState,
  customerId: string,
  subscriptionId: string | null,
): Stripe.InvoiceItem[] {
  return [...state.invoiceItems.values()].filter((item) => {
    if (item.invoice !== null || item.customer !== customerId) return false;
    const owner = item.parent?.subscription_details?.subscription ?? null;
    return subscriptionId === null ? owner === null : owner === null || owner === subscriptionId;
  });
}

export function invoiceItemLine(state: ModeState, item: Stripe.InvoiceItem): InvoiceLineInput {
  const priceId = item.pricing?.price_details?.price;
  return {
    price: typeof priceId === "string" ? (state.prices.get(priceId) ?? null) : null,
    quantity: item.quantity,
    description: item.description ?? "",
    subscriptionItem: item.parent?.subscription_details?.subscription_item ?? null,
    invoiceItem: item.id,
    proration: item.proration,
    period: item.period,
    amount: item.amount,
    currency: item.currency,
    discountable: item.discountable,
    metadata: { ...(item.metadata ?? {}) },
  };
}

/** Moves invoice items onto a draft invoice as lines. */
export function attachInvoiceItems(
  state: ModeState,
  invoice: Stripe.Invoice,
  subscription: Stripe.Subscription | null,
  items: Stripe.InvoiceItem[],
): void {
  for (const item of items) item.invoice = invoice.id;
  appendInvoiceLines(state, invoice, subscription, items.map((item) => invoiceItemLine(state, item)));
  recomputeInvoiceTotals(state, invoice);
}

/** A stored draft; the caller emits `invoice.created` when it is ready. */
export function createStoredInvoice(state: ModeState, input: InvoiceInput): Stripe.Invoice {
  const invoice = buildInvoice(state, input);
  state.invoices.set(invoice.id, invoice);
  return invoice;
}

/** Subscription discounts that are still running, as ids for an invoice. */
export function activeSubscriptionDiscounts(state: ModeState, subscription: Stripe.Subscription): string[] {
  const now = nowSeconds(state);
  return (subscription.discounts ?? [])
    .map((entry) => (typeof entry === "string" ? entry : entry.id))
    .filter((id) => {
      const discount = state.discounts.get(id);
      return discount !== undefined && (discount.end === null || discount.end > now);
    });
}

/** A `once` coupon discounts one invoice: afterwards it leaves the subscription. */
export function consumeOnceDiscounts(state: ModeState, subscription: Stripe.Subscription, invoice: Stripe.Invoice): void {
  const used = new Set(invoice.total_discount_amounts?.filter((entry) => entry.amount > 0).map((entry) =>
    typeof entry.discount === "string" ? entry.discount : entry.discount.id,
  ));
  subscription.discounts = (subscription.discounts ?? []).filter((entry) => {
    const id = typeof entry === "string" ? entry : entry.id;
    const discount = state.discounts.get(id);
    if (discount === undefined || !used.has(id)) return true;
    return state.coupons.get(discountCouponId(discount))?.duration !== "once";
  });
}

function requireStatus(invoice: Stripe.Invoice, allowed: Stripe.Invoice.Status[], message: string): void {
  if (invoice.status === null || !allowed.includes(invoice.status)) throw invalidRequest(message, undefined, "invoice_not_editable");
}

/** After the latest invoice of a subscription settles, its status follows, as on Stripe. */
function syncSubscription(
  state: ModeState,
  emit: EmitFn,
  invoice: Stripe.Invoice,
  outcome: "paid" | "failed",
): void {
  const subscription = invoiceSubscription(state, invoice);
  if (subscription === undefined || subscription.latest_invoice !== invoice.id) return;
  const before = snapshot(subscription);
  if (outcome === "paid" && ["incomplete", "past_due", "unpaid"].includes(subscription.status)) {
    subscription.status = "active";
  }
  if (outcome === "failed" && subscription.status === "active") subscription.status = "past_due";
  const previous = previousAttributes(before, snapshot(subscription));
  if (Object.keys(previous).length > 0) emit("customer.subscription.updated", subscription, previous);
}

function settlePaid(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice): void {
  markInvoicePaid(state, invoice);
  emit("invoice.paid", invoice);
  emit("invoice.payment_succeeded", invoice);
  syncSubscription(state, emit, invoice, "paid");
}

/** Tries the card on file, as automatic collection does; no card → invoice.payment_failed. */
export function attemptCollection(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice, force?: "paid" | "failed"): void {
  const outcome = force ?? (paymentMethodFor(state, invoice) === null ? "failed" : "paid");
  if (outcome === "paid" || invoice.amount_due === 0) {
    settlePaid(state, emit, invoice);
    return;
  }
  markInvoicePaymentFailed(state, invoice);
  emit("invoice.payment_failed", invoice);
  syncSubscription(state, emit, invoice, "failed");
}

export interface FinalizeOptions {
  /** How collection proceeds right after finalization. */
  collect: "auto" | "none" | "paid" | "failed";
}

/**
 * draft → open. A $0 invoice is paid at once. With `auto_advance`, Stripe
 * then collects: it emails a `send_invoice` invoice (`invoice.sent`) and
 * charges the card on file for `charge_automatically`.
 */
export function finalize(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice, options: FinalizeOptions = { collect: "auto" }): void {
  requireStatus(invoice, ["draft"], "This invoice is already finalized, you can't re-finalize a non-draft invoice.");
  finalizeInvoice(state, invoice, invoiceCustomer(state, invoice));
  emit("invoice.finalized", invoice);
  const subscription = invoiceSubscription(state, invoice);
  if (subscription !== undefined) consumeOnceDiscounts(state, subscription, invoice);
  if (invoice.amount_due === 0) {
    settlePaid(state, emit, invoice);
    return;
  }
  if (options.collect === "none") return;
  if (options.collect === "paid" || options.collect === "failed") {
    attemptCollection(state, emit, invoice, options.collect);
    return;
  }
  if (!invoice.auto_advance) return;
  if (invoice.collection_method === "send_invoice") {
    emit("invoice.sent", invoice);
    return;
  }
  attemptCollection(state, emit, invoice);
}

/** `POST /v1/invoices/:id/send`: in test mode no email goes out, but `invoice.sent` does. */
export function sendInvoice(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice): void {
  if (invoice.collection_method !== "send_invoice") {
    throw invalidRequest(
      "You can only manually send an invoice if its collection method is 'send_invoice'.",
      undefined,
      "invoice_not_editable",
    );
  }
  if (invoice.status === "draft") finalize(state, emit, invoice, { collect: "none" });
  requireStatus(invoice, ["open", "paid"], `You can't send an invoice that is ${invoice.status}.`);
  emit("invoice.sent", invoice);
}

export interface PayOptions {
  paidOutOfBand: boolean;
  paymentMethod: string | null;
}

/** `POST /v1/invoices/:id/pay` and the hosted page's Pay button. */
export function payInvoice(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice, options: PayOptions): void {
  if (invoice.status === "paid") throw invalidRequest("Invoice is already paid", undefined, "invoice_not_editable");
  if (invoice.status === "void") {
    throw invalidRequest("This invoice has been voided and can no longer be paid.", undefined, "invoice_not_editable");
  }
  const method = options.paymentMethod ?? (options.paidOutOfBand ? null : paymentMethodFor(state, invoice));
  if (!options.paidOutOfBand && method === null && invoice.amount_due > 0) {
    throw invalidRequest(
      "This customer has no attached payment source or default payment method. Please consider adding a default payment method.",
    );
  }
  if (invoice.status === "draft") finalize(state, emit, invoice, { collect: "none" });
  if (invoice.status === "paid") return;
  if (options.paidOutOfBand) {
    invoice.amount_paid_off_stripe = invoice.amount_remaining;
  } else if (method !== null) {
    invoice.default_payment_method = invoice.default_payment_method ?? method;
  }
  settlePaid(state, emit, invoice);
}

/** What the hosted invoice page's "Pay invoice" does: a one-off test card (Visa 4242) pays it. */
export function payWithTestCard(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice): void {
  if (invoice.status === "paid") return;
  const customer = invoiceCustomer(state, invoice);
  const card = buildCardPaymentMethod(state, {
    customer: null,
    email: customer.email ?? "customer@example.com",
    name: customer.name ?? null,
  });
  state.paymentMethods.set(card.id, card);
  payInvoice(state, emit, invoice, { paidOutOfBand: false, paymentMethod: card.id });
}

export function voidInvoice(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice): void {
  if (invoice.status === "draft") {
    throw invalidRequest("You can't void a draft invoice. Delete the draft instead.", undefined, "invoice_not_editable");
  }
  requireStatus(invoice, ["open", "uncollectible"], `You can only void an open or uncollectible invoice; this invoice is ${invoice.status}.`);
  invoice.status = "void";
  invoice.amount_remaining = 0;
  invoice.auto_advance = false;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.voided_at = nowSeconds(state);
  emit("invoice.voided", invoice);
}

export function markUncollectible(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice): void {
  requireStatus(invoice, ["open"], `You can only mark an open invoice as uncollectible; this invoice is ${invoice.status}.`);
  invoice.status = "uncollectible";
  invoice.auto_advance = false;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.marked_uncollectible_at = nowSeconds(state);
  emit("invoice.marked_uncollectible", invoice);
}

export function deleteDraft(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice): Stripe.DeletedInvoice {
  requireStatus(invoice, ["draft"], "You can only delete draft invoices.");
  state.invoices.delete(invoice.id);
  // The draft's invoice items go with it, as on Stripe.
  for (const line of invoice.lines.data) {
    const itemId = line.parent?.invoice_item_details?.invoice_item;
    if (itemId !== undefined) state.invoiceItems.delete(itemId);
  }
  emit("invoice.deleted", invoice);
  return { id: invoice.id, object: "invoice", deleted: true };
}

/** A preview invoice id, as `create_preview` answers: never retrievable. */
export function previewInvoiceId(): string {
  return `upcoming_${newId("in")}`;
}
