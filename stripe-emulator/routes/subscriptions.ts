import type Stripe from "stripe";

import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { parseDiscounts } from "../discounting";
import { invalidRequest, parameterMissing, parameterUnknown, resourceMissing } from "../errors";
import { newestFirst, paginate } from "../list";
import { buildPrice } from "../objects/catalog";
import { subscriptionPeriod } from "../objects/subscription";
import { applyMetadata, type Params } from "../params";
import { liveCustomer, type ModeState } from "../store";
import { cancelNow, createSubscription, updateSubscription, type ItemChange } from "../subscribing";
import { nowSeconds } from "../time";
import { currency, recurring, unitAmount } from "./catalog";

const UPDATE_PARAMS = [
  "add_invoice_items",
  "application_fee_percent",
  "automatic_tax",
  "billing_cycle_anchor",
  "billing_schedules",
  "billing_thresholds",
  "cancel_at",
  "cancel_at_period_end",
  "cancellation_details",
  "collection_method",
  "days_until_due",
  "default_payment_method",
  "default_source",
  "default_tax_rates",
  "description",
  "discounts",
  "expand",
  "invoice_settings",
  "items",
  "metadata",
  "off_session",
  "on_behalf_of",
  "pause_collection",
  "payment_behavior",
  "payment_settings",
  "pending_invoice_item_interval",
  "proration_behavior",
  "proration_date",
  "transfer_data",
  "trial_end",
  "trial_from_plan",
  "trial_settings",
] as const;

/** Params Stripe accepts whose behaviour the emulator does not model. */
const UNSUPPORTED = [
  "add_invoice_items",
  "billing_cycle_anchor",
  "billing_schedules",
  "default_source",
  "pause_collection",
  "trial_from_plan",
];

const CREATE_PARAMS = [
  "add_invoice_items",
  "application_fee_percent",
  "automatic_tax",
  "backdate_start_date",
  "billing_cycle_anchor",
  "billing_cycle_anchor_config",
  "billing_mode",
  "billing_thresholds",
  "cancel_at",
  "cancel_at_period_end",
  "collection_method",
  "currency",
  "customer",
  "days_until_due",
  "default_payment_method",
  "default_source",
  "default_tax_rates",
  "description",
  "discounts",
  "expand",
  "invoice_settings",
  "items",
  "metadata",
  "off_session",
  "on_behalf_of",
  "payment_behavior",
  "payment_settings",
  "pending_invoice_item_interval",
  "proration_behavior",
  "transfer_data",
  "trial_end",
  "trial_from_plan",
  "trial_period_days",
  "trial_settings",
] as const;

const CREATE_UNSUPPORTED = [
  "add_invoice_items",
  "backdate_start_date",
  "billing_cycle_anchor_config",
  "billing_thresholds",
  "default_source",
  "trial_from_plan",
];

const PAYMENT_BEHAVIORS = ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] as const;
const PRORATION_BEHAVIORS = ["always_invoice", "create_prorations", "none"] as const;

/** `price` or `price_data` of one `items[]` entry; inline prices are stored inactive, as on Stripe. */
function itemPrice(state: ModeState, item: Params): Stripe.Price | null {
  const priceId = item.string("price");
  const priceData = item.object("price_data");
  if (priceId !== undefined && priceData !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: price, price_data.", item.path("price"), "parameters_exclusive");
  }
  if (priceId !== undefined) {
    const price = state.prices.get(priceId);
    if (price === undefined) throw resourceMissing("price", priceId, item.path("price"));
    if (price.recurring === null) {
      throw invalidRequest(
        `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
        item.path("price"),
      );
    }
    return price;
  }
  if (priceData === undefined) return null;
  priceData.allowOnly(["currency", "product", "recurring", "tax_behavior", "unit_amount", "unit_amount_decimal"]);
  const productId = priceData.requiredString("product");
  if (!state.products.has(productId)) throw resourceMissing("product", productId, priceData.path("product"));
  const cycle = recurring(priceData);
  if (cycle === null) throw parameterMissing(priceData.path("recurring"));
  const price = buildPrice(state, {
    currency: currency(priceData),
    unitAmount: unitAmount(priceData),
    product: productId,
    recurring: cycle,
    active: false,
  });
  state.prices.set(price.id, price);
  return price;
}

export function parseItems(state: ModeState, params: Params, forCreate: boolean): ItemChange[] | null {
  const entries = params.array("items");
  if (entries === undefined) return null;
  if (entries.length > 20) throw invalidRequest("You can pass at most 20 items.", "items");
  return entries.map((entry) => {
    entry.allowOnly(["billing_thresholds", "clear_usage", "deleted", "discounts", "id", "metadata", "plan", "price", "price_data", "quantity", "tax_rates"]);
    if (forCreate && entry.has("id")) throw parameterUnknown(entry.path("id"));
    const price = itemPrice(state, entry);
    return {
      id: entry.string("id") ?? null,
      price,
      quantity: entry.integer("quantity", { min: 0 }) ?? null,
      deleted: entry.boolean("deleted") ?? false,
      metadata: entry.has("metadata") ? applyMetadata(null, entry.metadata(), entry.path("metadata")) : null,
    };
  });
}

function timestamp(params: Params, key: string): number | "now" | undefined {
  if (params.raw[key] === "now") return "now";
  return params.integer(key, { min: 0 });
}

function create(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(CREATE_PARAMS);
  params.rejectUnsupported(CREATE_UNSUPPORTED);
  const customerId = params.requiredString("customer");
  const customer = liveCustomer(state, customerId);
  if (customer === undefined) throw resourceMissing("customer", customerId, "customer");
  const items = parseItems(state, params, true);
  if (items === null || items.length === 0) throw parameterMissing("items");
  const lines = items.map((item, index) => {
    if (item.price === null) {
      throw parameterMissing(`items[${index}][price]`, "You must specify either `price` or `price_data` in `items`.");
    }
    return { price: item.price, quantity: item.quantity ?? 1, metadata: item.metadata ?? {} };
  });
  const currencies = new Set(lines.map((line) => line.price.currency));
  if (currencies.size > 1) throw invalidRequest("All prices on a subscription must have the same currency.", "items");
  const cycles = new Set(lines.map((line) => `${line.price.recurring?.interval}/${line.price.recurring?.interval_count}`));
  if (cycles.size > 1) throw invalidRequest("All recurring prices in a subscription must share one billing interval.", "items");

  const now = nowSeconds(state);
  const collectionMethod = params.enumOf("collection_method", ["charge_automatically", "send_invoice"] as const) ?? "charge_automatically";
  const daysUntilDue = params.integer("days_until_due", { min: 0, max: 730 }) ?? null;
  if (collectionMethod === "send_invoice" && daysUntilDue === null) throw parameterMissing("days_until_due");
  if (collectionMethod !== "send_invoice" && daysUntilDue !== null) {
    throw invalidRequest("You can only set `days_until_due` when `collection_method` is `send_invoice`.", "days_until_due");
  }
  const trialEndParam = timestamp(params, "trial_end");
  const trialDays = params.integer("trial_period_days", { min: 0, max: 730 });
  if (trialEndParam !== undefined && trialDays !== undefined) {
    throw invalidRequest("You may only specify one of these parameters: trial_end, trial_period_days.", "trial_end", "parameters_exclusive");
  }
  if (typeof trialEndParam === "number" && trialEndParam <= now) {
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end");
  }
  const trialEnd =
    typeof trialEndParam === "number" ? trialEndParam : trialDays !== undefined && trialDays > 0 ? now + trialDays * 86_400 : null;
  const anchor = timestamp(params, "billing_cycle_anchor");
  const billingCycleAnchor = typeof anchor === "number" ? anchor : null;
  if (billingCycleAnchor !== null && billingCycleAnchor <= now) {
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", "billing_cycle_anchor");
  }
  const cancelAt = params.integer("cancel_at", { min: 0 }) ?? null;
  if (cancelAt !== null && cancelAt <= now) {
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", "cancel_at");
  }
  const cancelAtPeriodEnd = params.boolean("cancel_at_period_end") ?? false;
  if (cancelAt !== null && cancelAtPeriodEnd) {
    throw invalidRequest("You may only specify one of these parameters: cancel_at, cancel_at_period_end.", "cancel_at", "parameters_exclusive");
  }
  const paymentMethod = params.string("default_payment_method") ?? null;
  if (paymentMethod !== null) {
    const method = state.paymentMethods.get(paymentMethod);
    if (method === undefined || method.customer !== customer.id) {
      throw resourceMissing("PaymentMethod", paymentMethod, "default_payment_method");
    }
  }
  return createSubscription(state, ctx.emit, {
    customer,
    lines,
    metadata: applyMetadata(null, params.metadata()),
    description: params.string("description") ?? null,
    collectionMethod,
    daysUntilDue,
    trialEnd,
    cancelAtPeriodEnd,
    cancelAt,
    discounts: parseDiscounts(state, params) ?? [],
    paymentBehavior: params.enumOf("payment_behavior", PAYMENT_BEHAVIORS) ?? "allow_incomplete",
    billingCycleAnchor,
    prorationBehavior: params.enumOf("proration_behavior", PRORATION_BEHAVIORS) ?? "create_prorations",
    defaultPaymentMethod: paymentMethod,
  });
}

const STATUSES = [
  "active",
  "all",
  "canceled",
  "ended",
  "incomplete",
  "incomplete_expired",
  "past_due",
  "paused",
  "trialing",
  "unpaid",
] as const;

function existing(ctx: ApiContext): Stripe.Subscription {
  return pathObject(ctx, ctx.state.subscriptions, "subscription");
}

function retrieve(ctx: ApiContext): object {
  return existing(ctx);
}

function list(ctx: ApiContext): object {
  const { params } = ctx;
  const customer = params.string("customer");
  const price = params.string("price") ?? params.string("plan");
  const status = params.enumOf("status", STATUSES);
  const subscriptions = newestFirst(ctx.state.subscriptions.values()).filter((subscription) => {
    if (customer !== undefined && subscription.customer !== customer) return false;
    if (price !== undefined && !subscription.items.data.some((item) => item.price.id === price)) return false;
    // Stripe's default list leaves canceled subscriptions out.
    if (status === undefined) return subscription.status !== "canceled";
    if (status === "all") return true;
    if (status === "ended") return subscription.status === "canceled" || subscription.status === "incomplete_expired";
    return subscription.status === status;
  });
  return paginate(subscriptions, params, "/v1/subscriptions");
}

function update(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(UPDATE_PARAMS);
  params.rejectUnsupported(UNSUPPORTED);
  const subscription = existing(ctx);
  if (
    (subscription.status === "canceled" || subscription.status === "incomplete_expired") &&
    params.keys().some((key) => !["metadata", "cancellation_details", "expand"].includes(key))
  ) {
    throw invalidRequest(
      "A canceled subscription can only update its cancellation_details and metadata.",
    );
  }
  const details = params.object("cancellation_details");
  const paymentMethod = params.nullableString("default_payment_method");
  if (typeof paymentMethod === "string") {
    const method = state.paymentMethods.get(paymentMethod);
    if (method === undefined) throw resourceMissing("PaymentMethod", paymentMethod, "default_payment_method");
    if (method.customer !== subscription.customer) {
      throw invalidRequest(
        "The payment method must be attached to the subscription's customer.",
        "default_payment_method",
      );
    }
  }
  const cancelAtRaw = params.raw.cancel_at;
  const trialEnd = timestamp(params, "trial_end");
  params.enumOf("payment_behavior", PAYMENT_BEHAVIORS);
  return updateSubscription(state, ctx.emit, subscription, {
    items: parseItems(state, params, false),
    prorationBehavior: params.enumOf("proration_behavior", PRORATION_BEHAVIORS) ?? "create_prorations",
    prorationDate: params.integer("proration_date", { min: 0 }) ?? null,
    cancelAtPeriodEnd: params.boolean("cancel_at_period_end"),
    cancelAt:
      cancelAtRaw === undefined
        ? undefined
        : cancelAtRaw === ""
          ? null
          : cancelAtRaw === "max_period_end" || cancelAtRaw === "min_period_end"
            ? subscriptionPeriod(subscription).end // every item shares one period here
            : params.integer("cancel_at", { min: 0 }),
    collectionMethod: params.enumOf("collection_method", ["charge_automatically", "send_invoice"] as const),
    daysUntilDue: params.integer("days_until_due", { min: 0, max: 730 }),
    trialEnd,
    metadata: applyMetadata(subscription.metadata, params.metadata()),
    description: params.nullableString("description"),
    defaultPaymentMethod: paymentMethod,
    cancellationComment: details?.nullableString("comment"),
    cancellationFeedback: details?.nullableString("feedback"),
    discounts: parseDiscounts(state, params),
  });
}

function cancel(ctx: ApiContext): object {
  ctx.params.allowOnly(["cancellation_details", "expand", "invoice_now", "prorate"]);
  const subscription = existing(ctx);
  const comment = ctx.params.object("cancellation_details")?.nullableString("comment");
  return cancelNow(ctx.state, ctx.emit, subscription, {
    invoiceNow: ctx.params.boolean("invoice_now") ?? false,
    prorate: ctx.params.boolean("prorate") ?? false,
    comment: comment ?? null,
  });
}

export const subscriptionRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/subscriptions", handler: create },
  { method: "GET", path: "/v1/subscriptions", handler: list },
  { method: "GET", path: "/v1/subscriptions/:id", handler: retrieve },
  { method: "POST", path: "/v1/subscriptions/:id", handler: update },
  { method: "DELETE", path: "/v1/subscriptions/:id", handler: cancel },
];
