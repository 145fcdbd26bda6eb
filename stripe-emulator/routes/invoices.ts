import type Stripe from "stripe";

import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { applyDiscounts, parseDiscounts } from "../discounting";
import { invalidRequest, parameterMissing, resourceMissing } from "../errors";
import {
  attachInvoiceItems,
  invoiceSubscription,
  createStoredInvoice,
  deleteDraft,
  finalize,
  markUncollectible,
  payInvoice,
  pendingInvoiceItems,
  sendInvoice,
  voidInvoice,
} from "../invoicing";
import { previousAttributes, snapshot } from "../json";
import { newestFirst, paginate } from "../list";
import { AUTO_FINALIZE_DELAY_SECONDS, recomputeInvoiceTotals } from "../objects/invoice";
import { applyMetadata } from "../params";
import { createPreview } from "../preview";
import { liveCustomer } from "../store";
import { parseTaxRates } from "./tax-rates";
import { nowSeconds } from "../time";

const CREATE_PARAMS = [
  "account_tax_ids", "application_fee_amount", "auto_advance", "automatic_tax", "automatically_finalizes_at",
  "collection_method", "currency", "custom_fields", "customer", "customer_account", "days_until_due",
  "default_payment_method", "default_source", "default_tax_rates", "description", "discounts", "due_date",
  "effective_at", "expand", "footer", "from_invoice", "issuer", "metadata", "number", "on_behalf_of",
  "payment_settings", "pending_invoice_items_behavior", "rendering", "shipping_cost", "shipping_details",
  "statement_descriptor", "subscription", "transfer_data",
] as const;

const UPDATE_PARAMS = [
  "account_tax_ids", "application_fee_amount", "auto_advance", "automatic_tax", "automatically_finalizes_at",
  "collection_method", "custom_fields", "days_until_due", "default_payment_method", "default_source",
  "default_tax_rates", "description", "discounts", "due_date", "effective_at", "expand", "footer", "issuer",
  "metadata", "number", "on_behalf_of", "payment_settings", "rendering", "shipping_cost", "shipping_details",
  "statement_descriptor", "transfer_data",
] as const;

const UNSUPPORTED = [
  "account_tax_ids", "application_fee_amount", "custom_fields", "default_source",
  "effective_at", "from_invoice", "number", "on_behalf_of", "rendering", "shipping_cost", "shipping_details",
  "transfer_data", "customer_account",
];

/** Fields Stripe still lets you change once an invoice is finalized. */
const FINALIZED_EDITABLE = ["auto_advance", "description", "footer", "metadata", "expand", "default_payment_method"];

function existing(ctx: ApiContext): Stripe.Invoice {
  return pathObject(ctx, ctx.state.invoices, "invoice");
}

function retrieveInvoice(ctx: ApiContext): object {
  return existing(ctx);
}

function listInvoices(ctx: ApiContext): object {
  const { params } = ctx;
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const status = params.enumOf("status", ["draft", "open", "paid", "uncollectible", "void"] as const);
  const method = params.enumOf("collection_method", ["charge_automatically", "send_invoice"] as const);
  const invoices = newestFirst(ctx.state.invoices.values()).filter(
    (invoice) =>
      (customer === undefined || invoice.customer === customer) &&
      (subscription === undefined || invoice.parent?.subscription_details?.subscription === subscription) &&
      (status === undefined || invoice.status === status) &&
      (method === undefined || invoice.collection_method === method),
  );
  return paginate(invoices, params, "/v1/invoices");
}

function listInvoiceLines(ctx: ApiContext): object {
  const invoice = existing(ctx);
  return paginate(invoice.lines.data, ctx.params, `/v1/invoices/${invoice.id}/lines`);
}

function collectionSettings(ctx: ApiContext, method: Stripe.Invoice.CollectionMethod): { days: number | null; due: number | null } {
  const { params } = ctx;
  const days = params.integer("days_until_due", { min: 0, max: 730 }) ?? null;
  const due = params.integer("due_date", { min: 0 }) ?? null;
  if (method !== "send_invoice" && (days !== null || due !== null)) {
    throw invalidRequest(
      "You can only set `days_until_due` or `due_date` when `collection_method` is `send_invoice`.",
      days !== null ? "days_until_due" : "due_date",
    );
  }
  if (days !== null && due !== null) {
    throw invalidRequest("You may only specify one of these parameters: days_until_due, due_date.", "days_until_due", "parameters_exclusive");
  }
  return { days, due };
}

function create(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(CREATE_PARAMS);
  params.rejectUnsupported(UNSUPPORTED);
  const subscriptionId = params.string("subscription");
  const subscription = subscriptionId === undefined ? null : state.subscriptions.get(subscriptionId);
  if (subscription === undefined) throw resourceMissing("subscription", subscriptionId ?? "", "subscription");
  const customerId = params.string("customer") ?? (subscription === null ? undefined : String(subscription.customer));
  if (customerId === undefined) throw parameterMissing("customer");
  const customer = liveCustomer(state, customerId);
  if (customer === undefined) throw resourceMissing("customer", customerId, "customer");
  const method =
    params.enumOf("collection_method", ["charge_automatically", "send_invoice"] as const) ??
    subscription?.collection_method ??
    "charge_automatically";
  const { days, due } = collectionSettings(ctx, method);
  if (method === "send_invoice" && days === null && due === null && subscription?.days_until_due == null) {
    throw invalidRequest(
      "Invoices with `collection_method=send_invoice` must have either a `days_until_due` or a `due_date`.",
      "days_until_due",
      "parameter_missing",
    );
  }
  const include = (params.enumOf("pending_invoice_items_behavior", ["exclude", "include"] as const) ?? "exclude") === "include";
  const discountRequests = parseDiscounts(state, params, "discounts", { customer: customer.id, subscription: subscription?.id ?? null });
  const taxRates = parseTaxRates(state, params);
  const autoAdvance = params.boolean("auto_advance") ?? false;
  const invoice = createStoredInvoice(state, {
    customer,
    subscription,
    lines: [],
    billingReason: "manual",
    period: { start: nowSeconds(state), end: nowSeconds(state) },
    collectionMethod: method,
    daysUntilDue: days,
    dueDate: due,
    autoAdvance,
    description: params.string("description") ?? null,
    footer: params.string("footer") ?? null,
    metadata: applyMetadata(null, params.metadata()),
    currency: params.string("currency")?.toLowerCase() ?? "usd",
  });
  const automaticallyFinalizesAt = params.integer("automatically_finalizes_at", { min: 0 });
  if (autoAdvance && automaticallyFinalizesAt !== undefined) invoice.automatically_finalizes_at = automaticallyFinalizesAt;
  if (discountRequests !== null) {
    invoice.discounts = applyDiscounts(state, discountRequests, { customer: customer.id, invoice: invoice.id }, true).map((d) => d.id);
  }
  if (taxRates !== null) invoice.default_tax_rates = taxRates;
  const method_ = params.string("default_payment_method");
  if (method_ !== undefined) invoice.default_payment_method = method_;
  if (include) attachInvoiceItems(state, invoice, subscription, pendingInvoiceItems(state, customer.id, subscription?.id ?? null));
  recomputeInvoiceTotals(state, invoice);
  ctx.emit("invoice.created", invoice);
  return invoice;
}

function update(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(UPDATE_PARAMS);
  params.rejectUnsupported(UNSUPPORTED);
  const invoice = existing(ctx);
  if (invoice.status !== "draft") {
    const locked = params.keys().find((key) => !FINALIZED_EDITABLE.includes(key));
    if (locked !== undefined) {
      throw invalidRequest(
        `You can only update \`${locked}\` on a draft invoice; this invoice is ${invoice.status}.`,
        locked,
        "invoice_not_editable",
      );
    }
    if (params.has("auto_advance") && invoice.status !== "open") {
      throw invalidRequest(`You can't change auto_advance on a ${invoice.status} invoice.`, "auto_advance", "invoice_not_editable");
    }
  }
  const method =
    params.enumOf("collection_method", ["charge_automatically", "send_invoice"] as const) ?? invoice.collection_method;
  const { days, due } = collectionSettings(ctx, method);
  const invoiceCustomer = typeof invoice.customer === "string" ? invoice.customer : (invoice.customer?.id ?? "");
  const discountRequests = parseDiscounts(state, params, "discounts", { customer: invoiceCustomer, subscription: invoiceSubscription(state, invoice)?.id ?? null });
  const taxRates = parseTaxRates(state, params);
  const autoAdvance = params.boolean("auto_advance");
  const metadata = applyMetadata(invoice.metadata, params.metadata());
  const description = params.nullableString("description");
  const footer = params.nullableString("footer");
  const paymentMethod = params.nullableString("default_payment_method");
  const before = snapshot(invoice);
  if (params.has("collection_method")) invoice.collection_method = method;
  if (method === "charge_automatically") {
    invoice.due_date = null;
    state.internal.invoiceDaysUntilDue.delete(invoice.id);
  }
  if (days !== null) {
    state.internal.invoiceDaysUntilDue.set(invoice.id, days);
    invoice.due_date = invoice.created + days * 86_400;
  }
  if (due !== null) {
    state.internal.invoiceDaysUntilDue.delete(invoice.id);
    invoice.due_date = due;
  }
  if (method === "send_invoice" && invoice.due_date === null && !state.internal.invoiceDaysUntilDue.has(invoice.id)) {
    throw invalidRequest(
      "Invoices with `collection_method=send_invoice` must have either a `days_until_due` or a `due_date`.",
      "days_until_due",
      "parameter_missing",
    );
  }
  if (autoAdvance !== undefined) {
    invoice.auto_advance = autoAdvance;
    if (invoice.status === "draft") {
      invoice.automatically_finalizes_at = autoAdvance
        ? (params.integer("automatically_finalizes_at", { min: 0 }) ?? Math.max(invoice.created + AUTO_FINALIZE_DELAY_SECONDS, nowSeconds(state)))
        : null;
    }
  }
  if (description !== undefined) invoice.description = description;
  if (footer !== undefined) invoice.footer = footer;
  if (paymentMethod !== undefined) invoice.default_payment_method = paymentMethod;
  invoice.metadata = metadata;
  if (discountRequests !== null) {
    invoice.discounts = applyDiscounts(state, discountRequests, { customer: invoiceCustomer, invoice: invoice.id }, true).map((d) => d.id);
  }
  if (taxRates !== null) invoice.default_tax_rates = taxRates;
  if (invoice.status === "draft") recomputeInvoiceTotals(state, invoice);
  const previous = previousAttributes(before, snapshot(invoice));
  if (Object.keys(previous).length > 0) ctx.emit("invoice.updated", invoice, previous);
  return invoice;
}

function remove(ctx: ApiContext): object {
  return deleteDraft(ctx.state, ctx.emit, existing(ctx));
}

function finalizeRoute(ctx: ApiContext): object {
  ctx.params.allowOnly(["auto_advance", "expand"]);
  const invoice = existing(ctx);
  const autoAdvance = ctx.params.boolean("auto_advance");
  if (invoice.status === "draft" && autoAdvance !== undefined) invoice.auto_advance = autoAdvance;
  finalize(ctx.state, ctx.emit, invoice);
  return invoice;
}

function send(ctx: ApiContext): object {
  ctx.params.allowOnly(["expand"]);
  const invoice = existing(ctx);
  sendInvoice(ctx.state, ctx.emit, invoice);
  return invoice;
}

function pay(ctx: ApiContext): object {
  const { params } = ctx;
  params.allowOnly(["expand", "forgive", "mandate", "off_session", "paid_out_of_band", "payment_method", "source"]);
  params.rejectUnsupported(["mandate", "source"]);
  const invoice = existing(ctx);
  const paymentMethod = params.string("payment_method") ?? null;
  if (paymentMethod !== null) {
    const method = ctx.state.paymentMethods.get(paymentMethod);
    if (method === undefined) throw resourceMissing("payment_method", paymentMethod, "payment_method");
  }
  payInvoice(ctx.state, ctx.emit, invoice, {
    paidOutOfBand: params.boolean("paid_out_of_band") ?? false,
    paymentMethod,
  });
  return invoice;
}

function voidRoute(ctx: ApiContext): object {
  ctx.params.allowOnly(["expand"]);
  const invoice = existing(ctx);
  voidInvoice(ctx.state, ctx.emit, invoice);
  return invoice;
}

function uncollectible(ctx: ApiContext): object {
  ctx.params.allowOnly(["expand"]);
  const invoice = existing(ctx);
  markUncollectible(ctx.state, ctx.emit, invoice);
  return invoice;
}

export const invoiceRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/invoices", handler: create },
  { method: "GET", path: "/v1/invoices", handler: listInvoices },
  { method: "POST", path: "/v1/invoices/create_preview", handler: createPreview },
  { method: "GET", path: "/v1/invoices/:id/lines", handler: listInvoiceLines },
  { method: "POST", path: "/v1/invoices/:id/finalize", handler: finalizeRoute },
  { method: "POST", path: "/v1/invoices/:id/send", handler: send },
  { method: "POST", path: "/v1/invoices/:id/pay", handler: pay },
  { method: "POST", path: "/v1/invoices/:id/void", handler: voidRoute },
  { method: "POST", path: "/v1/invoices/:id/mark_uncollectible", handler: uncollectible },
  { method: "GET", path: "/v1/invoices/:id", handler: retrieveInvoice },
  { method: "POST", path: "/v1/invoices/:id", handler: update },
  { method: "DELETE", path: "/v1/invoices/:id", handler: remove },
];
