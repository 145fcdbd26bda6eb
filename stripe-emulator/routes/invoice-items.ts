import type Stripe from "stripe";

import { updateAndEmit } from "../billing";
import { applyDiscounts, parseDiscounts } from "../discounting";
import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { invalidRequest, parameterMissing, resourceMissing } from "../errors";
import { attachInvoiceItems, invoiceSubscription } from "../invoicing";
import { newestFirst, paginate } from "../list";
import { buildPrice } from "../objects/catalog";
import { buildInvoiceItem } from "../objects/invoice-item";
import { applyMetadata } from "../params";
import { liveCustomer } from "../store";
import { nowSeconds } from "../time";
import { currency as parseCurrency, unitAmount } from "./catalog";

const CREATE_PARAMS = [
  "amount", "currency", "customer", "customer_account", "description", "discountable", "discounts", "expand",
  "invoice", "metadata", "period", "price_data", "pricing", "quantity", "quantity_decimal", "subscription",
  "tax_behavior", "tax_code", "tax_rates", "unit_amount_decimal",
] as const;

/** `POST /v1/invoiceitems`: onto a draft `invoice`, or pending until the customer's next invoice. */
function create(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(CREATE_PARAMS);
  params.rejectUnsupported(["customer_account", "quantity_decimal", "tax_code", "tax_rates"]);
  const discountRequests = parseDiscounts(ctx.state, params);
  const invoiceId = params.string("invoice");
  const invoice = invoiceId === undefined ? null : state.invoices.get(invoiceId);
  if (invoice === undefined) throw resourceMissing("invoice", invoiceId ?? "", "invoice");
  const customerId =
    params.string("customer") ?? (invoice === null ? undefined : String(invoice.customer));
  if (customerId === undefined) throw parameterMissing("customer");
  const customer = liveCustomer(state, customerId);
  if (customer === undefined) throw resourceMissing("customer", customerId, "customer");
  if (invoice !== null && invoice.customer !== customer.id) {
    throw invalidRequest("The invoice belongs to a different customer.", "invoice");
  }
  if (invoice !== null && invoice.status !== "draft") {
    throw invalidRequest(
      `You can only add invoice items to draft invoices; invoice ${invoice.id} is ${invoice.status}.`,
      "invoice",
      "invoice_not_editable",
    );
  }
  const subscriptionId = params.string("subscription") ?? null;
  if (subscriptionId !== null && !state.subscriptions.has(subscriptionId)) {
    throw resourceMissing("subscription", subscriptionId, "subscription");
  }
  const quantity = params.integer("quantity", { min: 0 }) ?? 1;
  const priceData = params.object("price_data");
  const pricing = params.object("pricing");
  let price: Stripe.Price | null = null;
  let amount: number;
  let itemCurrency: string;
  if (priceData !== undefined) {
    priceData.allowOnly(["currency", "product", "tax_behavior", "unit_amount", "unit_amount_decimal"]);
    const productId = priceData.requiredString("product");
    if (!state.products.has(productId)) throw resourceMissing("product", productId, priceData.path("product"));
    price = buildPrice(state, {
      currency: parseCurrency(priceData),
      unitAmount: unitAmount(priceData),
      product: productId,
      recurring: null,
      active: false,
    });
    state.prices.set(price.id, price);
    amount = (price.unit_amount ?? 0) * quantity;
    itemCurrency = price.currency;
  } else if (pricing?.string("price") !== undefined) {
    const priceId = pricing.requiredString("price");
    const found = state.prices.get(priceId);
    if (found === undefined) throw resourceMissing("price", priceId, pricing.path("price"));
    price = found;
    amount = (found.unit_amount ?? 0) * quantity;
    itemCurrency = found.currency;
  } else {
    const bare = params.integer("amount");
    const unit = params.string("unit_amount_decimal");
    if (bare === undefined && unit === undefined) throw parameterMissing("amount");
    amount = bare ?? Math.round(Number(unit) * quantity);
    itemCurrency = parseCurrency(params);
  }
  if (invoice !== null && invoice.currency !== itemCurrency) {
    // Stripe: one invoice has one currency; an item in another cannot be added to it.
    throw invalidRequest(
      `The currency of the invoice item (${itemCurrency}) must match the currency of the invoice ${invoice.id} (${invoice.currency}).`,
      priceData !== undefined ? "price_data[currency]" : pricing?.string("price") !== undefined ? "pricing[price]" : "currency",
    );
  }
  const now = nowSeconds(state);
  const period = params.object("period");
  const item = buildInvoiceItem(state, {
    customer: customer.id,
    amount,
    currency: itemCurrency,
    quantity,
    description: params.string("description") ?? null,
    price,
    invoice: null,
    subscription: subscriptionId ?? (invoice === null ? null : (invoiceSubscription(state, invoice)?.id ?? null)),
    subscriptionItem: null,
    proration: false,
    period: { start: period?.integer("start") ?? now, end: period?.integer("end") ?? now },
    // Stripe (since 2015-03-24): coupons no longer apply to a negative invoice item by default.
    discountable: params.boolean("discountable") ?? amount >= 0,
    metadata: applyMetadata(null, params.metadata()),
  });
  if (discountRequests !== null) {
    // The item's own discounts: its line takes them before the invoice's (objects/invoice.ts).
    const owner = { customer: customer.id, invoiceItem: item.id };
    item.discounts = applyDiscounts(state, discountRequests, owner, true).map((discount) => discount.id);
  }
  state.invoiceItems.set(item.id, item);
  if (invoice !== null) {
    const target = invoice;
    updateAndEmit(ctx.emit, "invoice.updated", target, () => {
      attachInvoiceItems(state, target, invoiceSubscription(state, target) ?? null, [item]);
    });
  }
  return item;
}

function existing(ctx: ApiContext): Stripe.InvoiceItem {
  return pathObject(ctx, ctx.state.invoiceItems, "invoiceitem");
}

function retrieve(ctx: ApiContext): object {
  return existing(ctx);
}

function list(ctx: ApiContext): object {
  const { params } = ctx;
  const customer = params.string("customer");
  const invoice = params.string("invoice");
  const pending = params.boolean("pending");
  const items = newestFirst(ctx.state.invoiceItems.values()).filter(
    (item) =>
      (customer === undefined || item.customer === customer) &&
      (invoice === undefined || item.invoice === invoice) &&
      (pending === undefined || (item.invoice === null) === pending),
  );
  return paginate(items.map((item) => ({ ...item, created: item.date })), params, "/v1/invoiceitems");
}

function remove(ctx: ApiContext): object {
  const item = existing(ctx);
  const invoice = item.invoice === null ? null : ctx.state.invoices.get(String(item.invoice));
  if (invoice !== null && invoice !== undefined && invoice.status !== "draft") {
    throw invalidRequest("You can only delete invoice items that are pending or on a draft invoice.", undefined, "invoice_not_editable");
  }
  if (invoice !== null && invoice !== undefined) {
    invoice.lines.data = invoice.lines.data.filter((line) => line.parent?.invoice_item_details?.invoice_item !== item.id);
  }
  ctx.state.invoiceItems.delete(item.id);
  return { id: item.id, object: "invoiceitem", deleted: true };
}

export const invoiceItemRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/invoiceitems", handler: create },
  { method: "GET", path: "/v1/invoiceitems", handler: list },
  { method: "GET", path: "/v1/invoiceitems/:id", handler: retrieve },
  { method: "DELETE", path: "/v1/invoiceitems/:id", handler: remove },
];
