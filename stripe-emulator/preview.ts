import type Stripe from "stripe";

import { subscriptionInvoiceLines } from "./billing";
import type { ApiContext } from "./context";
import { applyDiscounts, parseDiscounts } from "./discounting";
import { StripeApiError, invalidRequest, parameterMissing, resourceMissing } from "./errors";
import { activeSubscriptionDiscounts, invoiceItemLine, pendingInvoiceItems, previewInvoiceId } from "./invoicing";
import { productName } from "./objects/catalog";
import { buildInvoice, type InvoiceLineInput } from "./objects/invoice";
import { buildItem, priceInterval, subscriptionPeriod } from "./objects/subscription";
import type { Params } from "./params";
import { parseItems } from "./routes/subscriptions";
import { liveCustomer, type ModeState } from "./store";
import { applyItemChanges, prorationLines } from "./subscribing";
import { addInterval, nowSeconds } from "./time";

const PARAMS = [
  "automatic_tax", "currency", "customer", "customer_account", "customer_details", "discounts", "expand",
  "invoice_items", "issuer", "on_behalf_of", "preview_mode", "schedule", "schedule_details", "subscription",
  "subscription_details",
] as const;

const DETAILS = [
  "billing_cycle_anchor", "cancel_at", "cancel_at_period_end", "cancel_now", "default_tax_rates", "items",
  "metadata", "proration_behavior", "proration_date", "resume_at", "start_date", "trial_end",
] as const;

function noUpcoming(): StripeApiError {
  return new StripeApiError(404, "invalid_request_error", "No upcoming invoices for customer", "invoice_upcoming_none");
}

/** `invoice_items[]` of a preview: `amount`+`currency`, or `price`, or `price_data`. */
function extraLines(state: ModeState, params: Params, now: number): InvoiceLineInput[] {
  return (params.array("invoice_items") ?? []).map((entry) => {
    entry.allowOnly(["amount", "currency", "description", "discountable", "discounts", "invoiceitem", "metadata", "period", "price", "price_data", "quantity", "tax_behavior", "tax_code", "tax_rates", "unit_amount", "unit_amount_decimal"]);
    const quantity = entry.integer("quantity", { min: 0 }) ?? 1;
    const priceId = entry.string("price");
    const price = priceId === undefined ? null : (state.prices.get(priceId) ?? null);
    if (priceId !== undefined && price === null) throw resourceMissing("price", priceId, entry.path("price"));
    const data = entry.object("price_data");
    const amount =
      entry.integer("amount") ??
      (data?.integer("unit_amount") ?? entry.integer("unit_amount") ?? price?.unit_amount ?? null);
    if (amount === null) throw parameterMissing(entry.path("amount"));
    const total = entry.has("amount") ? amount : amount * quantity;
    const period = entry.object("period");
    return {
      price,
      quantity,
      description: entry.string("description") ?? (price === null ? "" : productName(state, price)),
      subscriptionItem: null,
      invoiceItem: null,
      period: { start: period?.integer("start") ?? now, end: period?.integer("end") ?? now },
      amount: total,
      currency: (entry.string("currency") ?? data?.string("currency") ?? price?.currency ?? "usd").toLowerCase(),
      // A negative line takes no discount unless asked (Stripe's default since 2015-03-24).
      discountable: entry.boolean("discountable") ?? total >= 0,
    };
  });
}

/**
 * `POST /v1/invoices/create_preview`: what Stripe would invoice next, never
 * stored (`upcoming_in_…` id). For a subscription: its next renewal, or with
 * `subscription_details` the effect of a change (proration lines, or the
 * immediate invoice for `always_invoice`); for a customer alone: a new
 * subscription's first invoice, or the pending and given invoice items.
 */
export function createPreview(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(PARAMS);
  params.rejectUnsupported(["schedule", "schedule_details", "customer_details", "customer_account"]);
  const now = nowSeconds(state);
  const subscriptionId = params.string("subscription");
  const subscription = subscriptionId === undefined ? undefined : state.subscriptions.get(subscriptionId);
  if (subscriptionId !== undefined && subscription === undefined) throw resourceMissing("subscription", subscriptionId, "subscription");
  const customerId = params.string("customer") ?? (subscription === undefined ? undefined : String(subscription.customer));
  if (customerId === undefined) throw parameterMissing("customer", "Missing required param: customer or subscription.");
  const customer = liveCustomer(state, customerId);
  if (customer === undefined) throw resourceMissing("customer", customerId, "customer");
  const details = params.object("subscription_details");
  details?.allowOnly(DETAILS);
  details?.rejectUnsupported(["billing_cycle_anchor", "default_tax_rates", "resume_at", "start_date"]);
  const changes = details === undefined ? null : parseItems(state, details, false);
  const discountRequests = parseDiscounts(state, params);
  const extra = extraLines(state, params, now);

  let lines: InvoiceLineInput[] = [];
  let period = { start: now, end: now };
  let billingReason: Stripe.Invoice.BillingReason = "manual";
  let collection: Stripe.Invoice.CollectionMethod = "charge_automatically";
  let daysUntilDue: number | null = null;
  let discounts: (string | Stripe.Discount)[] = [];
  let currency = "usd";

  if (subscription !== undefined) {
    if (subscription.status === "canceled" || subscription.status === "incomplete_expired") throw noUpcoming();
    const cancelAtPeriodEnd = details?.boolean("cancel_at_period_end") ?? subscription.cancel_at_period_end;
    const behavior =
      details?.enumOf("proration_behavior", ["always_invoice", "create_prorations", "none"] as const) ?? "create_prorations";
    const prorationDate = details?.integer("proration_date", { min: 0 }) ?? now;
    const current = subscriptionPeriod(subscription);
    const before = subscription.items.data.map((item) => ({ id: item.id, price: item.price, quantity: item.quantity ?? 1 }));
    const after = changes === null ? before : applyItemChanges(subscription, changes, false);
    const prorations =
      changes === null || behavior === "none" || subscription.status === "trialing"
        ? []
        : prorationLines(state, subscription, before, after, prorationDate);
    const pending = pendingInvoiceItems(state, customer.id, subscription.id).map((item) => invoiceItemLine(state, item));
    collection = subscription.collection_method;
    daysUntilDue = subscription.days_until_due;
    currency = subscription.currency;
    discounts = activeSubscriptionDiscounts(state, subscription);
    if (behavior === "always_invoice" && prorations.length > 0) {
      lines = [...pending, ...prorations];
      billingReason = "subscription_update";
    } else {
      if (cancelAtPeriodEnd || (subscription.cancel_at !== null && subscription.cancel_at <= current.end)) throw noUpcoming();
      const first = after[0];
      const { interval, count } = first === undefined ? { interval: "month" as const, count: 1 } : priceInterval(first.price);
      const nextEnd = addInterval(current.end, interval, count);
      const nextItems = after.map((item) => buildItem(subscription.id, { price: item.price, quantity: item.quantity }, current.end, nextEnd));
      nextItems.forEach((item, index) => (item.id = after[index]?.id ?? item.id));
      lines = [
        ...pending,
        ...prorations,
        ...subscriptionInvoiceLines(state, { ...subscription, items: { ...subscription.items, data: nextItems } }, false),
      ];
      period = current;
      billingReason = "subscription_cycle";
    }
  } else if (changes !== null) {
    const newItems = changes.map((change, index) => {
      if (change.price === null) throw parameterMissing(`subscription_details[items][${index}][price]`);
      return { price: change.price, quantity: change.quantity ?? 1 };
    });
    const first = newItems[0];
    if (first === undefined) throw parameterMissing("subscription_details[items]");
    const { interval, count } = priceInterval(first.price);
    const end = addInterval(now, interval, count);
    const fake = {
      id: "sub_preview",
      items: { data: newItems.map((item) => buildItem("sub_preview", item, now, end)) },
    } as unknown as Stripe.Subscription;
    lines = [
      ...pendingInvoiceItems(state, customer.id, null).map((item) => invoiceItemLine(state, item)),
      ...subscriptionInvoiceLines(state, fake, false).map((line) => ({ ...line, subscriptionItem: null })),
    ];
    billingReason = "subscription_create";
    currency = first.price.currency;
  } else {
    lines = pendingInvoiceItems(state, customer.id, null).map((item) => invoiceItemLine(state, item));
  }
  lines = [...lines, ...extra];
  if (lines.length === 0) {
    throw invalidRequest("Nothing to invoice for customer", undefined, "invoice_no_customer_line_items");
  }
  if (discountRequests !== null) {
    discounts = applyDiscounts(state, discountRequests, { customer: customer.id }, false);
  }
  const previewDiscounts = discounts.map((entry) => (typeof entry === "string" ? (state.discounts.get(entry) ?? entry) : entry));
  const preview = buildInvoice(state, {
    id: previewInvoiceId(),
    customer,
    subscription: subscription ?? null,
    lines,
    billingReason,
    period,
    collectionMethod: collection,
    daysUntilDue,
    autoAdvance: false,
    discounts: previewDiscounts as string[],
    currency,
  });
  // Totals were computed from the (possibly unsaved) discounts; the invoice lists their ids.
  preview.discounts = previewDiscounts.map((entry) => (typeof entry === "string" ? entry : entry.id));
  return preview;
}
