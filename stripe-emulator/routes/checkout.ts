import type Stripe from "stripe";

import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { parseDiscounts, type DiscountRequest } from "../discounting";
import { invalidRequest, parameterMissing, resourceMissing } from "../errors";
import type { EmitFn } from "../events";
import { newestFirst, paginate } from "../list";
import { buildPrice, productName } from "../objects/catalog";
import { discountLines } from "../objects/discount";
import {
  buildCheckoutSession,
  buildLineItem,
  isHostedUiMode,
  UI_MODES,
} from "../objects/checkout-session";
import { applyMetadata, validateUrl, type Params } from "../params";
import { liveCustomer, type CheckoutRecord, type ModeState } from "../store";
import { nowSeconds } from "../time";
import { currency, productFor, recurring, unitAmount } from "./catalog";

const CREATE_PARAMS = [
  "adaptive_pricing",
  "after_expiration",
  "allow_promotion_codes",
  "allowed_payment_method_types",
  "automatic_tax",
  "billing_address_collection",
  "branding_settings",
  "cancel_url",
  "client_reference_id",
  "consent_collection",
  "currency",
  "custom_fields",
  "custom_text",
  "customer",
  "customer_account",
  "customer_creation",
  "customer_email",
  "customer_update",
  "discounts",
  "excluded_payment_method_types",
  "expand",
  "expires_at",
  "integration_identifier",
  "invoice_creation",
  "line_items",
  "locale",
  "managed_payments",
  "metadata",
  "mode",
  "name_collection",
  "optional_items",
  "origin_context",
  "payment_intent_data",
  "payment_method_collection",
  "payment_method_configuration",
  "payment_method_data",
  "payment_method_options",
  "payment_method_types",
  "permissions",
  "phone_number_collection",
  "redirect_on_completion",
  "return_url",
  "saved_payment_method_options",
  "setup_intent_data",
  "shipping_address_collection",
  "shipping_options",
  "submit_type",
  "subscription_data",
  "success_url",
  "tax_id_collection",
  "ui_mode",
  "wallet_options",
] as const;

/** These change amounts or flows the emulator does not model; failing loudly beats a silent lie. */
const UNSUPPORTED = ["customer_account", "optional_items", "shipping_options", "invoice_creation"];

const MODES = ["payment", "subscription", "setup"] as const;

interface ParsedLines {
  items: Stripe.LineItem[];
  products: Stripe.Product[];
  prices: Stripe.Price[];
}

/** Stripe shows each line's share of the discount (`amount_discount`) and the discounted `amount_total`. */
function applyCheckoutDiscounts(items: Stripe.LineItem[], discounts: DiscountRequest[]): void {
  const perLine = discountLines(
    items.map((item) => item.amount_subtotal),
    discounts.map(({ coupon }) => ({ id: coupon.id, coupon })),
  );
  items.forEach((item, index) => {
    const off = (perLine[index] ?? []).reduce((sum, entry) => sum + entry.amount, 0);
    item.amount_discount = off;
    item.amount_total = item.amount_subtotal - off;
  });
}

function parseLineItems(state: ModeState, lines: Params[]): ParsedLines {
  const parsed: ParsedLines = { items: [], products: [], prices: [] };
  for (const line of lines) {
    line.allowOnly(["adjustable_quantity", "dynamic_tax_rates", "metadata", "price", "price_data", "quantity", "tax_rates"]);
    const priceId = line.string("price");
    const priceData = line.object("price_data");
    if (priceId !== undefined && priceData !== undefined) {
      throw invalidRequest(
        "You may only specify one of these parameters: price, price_data.",
        line.path("price"),
        "parameters_exclusive",
      );
    }
    const quantity = line.integer("quantity", { min: 1, max: 999_999 });
    if (quantity === undefined) throw parameterMissing(line.path("quantity"));
    let price: Stripe.Price;
    if (priceId !== undefined) {
      const existing = state.prices.get(priceId);
      if (existing === undefined) throw resourceMissing("price", priceId, line.path("price"));
      if (!existing.active) {
        throw invalidRequest(`The price specified is inactive: ${priceId}`, line.path("price"));
      }
      price = existing;
    } else if (priceData !== undefined) {
      priceData.allowOnly(["currency", "product", "product_data", "recurring", "tax_behavior", "unit_amount", "unit_amount_decimal"]);
      const priceCurrency = currency(priceData);
      const amount = unitAmount(priceData);
      const cycle = recurring(priceData);
      const product = productFor(state, priceData, parsed.products);
      price = buildPrice(state, {
        currency: priceCurrency,
        unitAmount: amount,
        product,
        recurring: cycle,
        active: false,
      });
      parsed.prices.push(price);
    } else {
      throw parameterMissing(
        line.path("price"),
        `You must specify either \`price\` or \`price_data\` in \`${line.path("price").replace(/\[price\]$/, "")}\`.`,
      );
    }
    const name =
      parsed.products.find((product) => product.id === price.product)?.name ?? productName(state, price);
    const item = buildLineItem(price, quantity, name);
    item.metadata = applyMetadata(null, line.metadata(), line.path("metadata"));
    parsed.items.push(item);
  }
  return parsed;
}

function nestedMetadata(params: Params, key: string): Record<string, string> {
  const nested = params.object(key);
  return nested === undefined ? {} : applyMetadata(null, nested.metadata(), nested.path("metadata"));
}

function create(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(CREATE_PARAMS);
  params.rejectUnsupported(UNSUPPORTED);

  const mode = params.enumOf("mode", MODES);
  if (mode === undefined) throw parameterMissing("mode");
  const uiMode = params.enumOf("ui_mode", UI_MODES) ?? "hosted_page";
  const hosted = isHostedUiMode(uiMode);
  const successUrl = validateUrl(params, "success_url") ?? null;
  const cancelUrl = validateUrl(params, "cancel_url") ?? null;
  const returnUrl = validateUrl(params, "return_url") ?? null;
  if (hosted) {
    if (successUrl === null) throw parameterMissing("success_url");
  } else {
    for (const [key, value] of [["success_url", successUrl], ["cancel_url", cancelUrl]] as const) {
      if (value !== null) {
        throw invalidRequest(`\`${key}\` is not allowed when \`ui_mode\` is \`${uiMode}\`.`, key);
      }
    }
    const redirect = params.enumOf("redirect_on_completion", ["always", "if_required", "never"] as const);
    if (returnUrl === null && redirect !== "never") throw parameterMissing("return_url");
  }

  const customerId = params.string("customer");
  if (customerId !== undefined && liveCustomer(state, customerId) === undefined) {
    throw resourceMissing("customer", customerId, "customer");
  }
  const customerEmail = params.string("customer_email") ?? null;
  if (customerEmail !== null && !/^[^\s@]+@[^\s@]+$/.test(customerEmail)) {
    throw invalidRequest(`Invalid email address: ${customerEmail}`, "customer_email", "email_invalid");
  }
  if (customerId !== undefined && customerEmail !== null) {
    throw invalidRequest(
      "You may only specify one of these parameters: customer, customer_email.",
      "customer_email",
      "parameters_exclusive",
    );
  }
  const customerCreation = params.enumOf("customer_creation", ["always", "if_required"] as const) ?? null;
  if (customerCreation !== null && mode === "subscription") {
    throw invalidRequest(
      "`customer_creation` can only be used in `payment` and `setup` mode.",
      "customer_creation",
    );
  }
  if (customerCreation !== null && customerId !== undefined) {
    throw invalidRequest("`customer_creation` cannot be used together with `customer`.", "customer_creation");
  }

  const lineParams = params.array("line_items");
  if (mode === "setup" && lineParams !== undefined && lineParams.length > 0) {
    throw invalidRequest("You cannot pass `line_items` in `setup` mode.", "line_items");
  }
  if (mode !== "setup" && (lineParams === undefined || lineParams.length === 0)) {
    throw parameterMissing("line_items");
  }
  if ((lineParams?.length ?? 0) > 100) {
    throw invalidRequest("You can pass at most 100 line items.", "line_items");
  }
  const lines = parseLineItems(state, lineParams ?? []);

  const currencies = new Set(lines.items.map((item) => item.currency));
  if (currencies.size > 1) {
    throw invalidRequest("All line items must use the same currency.", "line_items");
  }
  const requestedCurrency = params.has("currency") ? currency(params) : undefined;
  const [lineCurrency] = currencies;
  if (requestedCurrency !== undefined && lineCurrency !== undefined && requestedCurrency !== lineCurrency) {
    throw invalidRequest("`currency` must match the currency of the line items.", "currency");
  }
  const recurringIndex = lines.items.findIndex((item) => item.price?.recurring !== null);
  if (mode === "payment" && recurringIndex >= 0) {
    throw invalidRequest(
      "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.",
      `line_items[${recurringIndex}]`,
    );
  }
  if (mode === "subscription" && recurringIndex < 0) {
    throw invalidRequest(
      "You must provide at least one recurring price in `subscription` mode when using prices.",
      "line_items",
    );
  }
  if (mode === "subscription") {
    const cycles = new Set(
      lines.items
        .filter((item) => item.price?.recurring)
        .map((item) => `${item.price?.recurring?.interval}/${item.price?.recurring?.interval_count}`),
    );
    if (cycles.size > 1) {
      throw invalidRequest("All recurring prices in a subscription must share one billing interval.", "line_items");
    }
  }

  for (const [key, allowedMode] of [
    ["subscription_data", "subscription"],
    ["payment_intent_data", "payment"],
    ["setup_intent_data", "setup"],
  ] as const) {
    if (params.has(key) && mode !== allowedMode) {
      throw invalidRequest(`You can not pass \`${key}\` in \`${mode}\` mode.`, key);
    }
  }
  const subscriptionData = params.object("subscription_data");
  subscriptionData?.rejectUnsupported(["billing_cycle_anchor", "trial_end", "default_tax_rates", "transfer_data"]);
  const trialPeriodDays = subscriptionData?.integer("trial_period_days", { min: 1, max: 730 }) ?? null;

  const clientReferenceId = params.string("client_reference_id") ?? null;
  if (clientReferenceId !== null && clientReferenceId.length > 200) {
    throw invalidRequest("client_reference_id can be at most 200 characters.", "client_reference_id");
  }
  const now = nowSeconds(state);
  const expiresAt = params.integer("expires_at") ?? null;
  if (expiresAt !== null && (expiresAt < now + 30 * 60 - 60 || expiresAt > now + 24 * 3600 + 60)) {
    throw invalidRequest(
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
      "expires_at",
    );
  }

  const discounts = parseDiscounts(state, params) ?? [];
  if (discounts.length > 1) throw invalidRequest("You can only apply one discount to a Checkout Session.", "discounts");
  if (discounts.length > 0 && params.boolean("allow_promotion_codes") === true) {
    throw invalidRequest(
      "You may only specify one of these parameters: allow_promotion_codes, discounts.",
      "discounts",
      "parameters_exclusive",
    );
  }
  if (discounts.length > 0 && mode === "setup") throw invalidRequest("You can not pass `discounts` in `setup` mode.", "discounts");
  applyCheckoutDiscounts(lines.items, discounts);

  const session = buildCheckoutSession(state, {
    mode,
    uiMode,
    customer: customerId ?? null,
    customerEmail,
    customerCreation,
    lineItems: lines.items,
    currency: lineCurrency ?? requestedCurrency ?? null,
    successUrl,
    cancelUrl,
    returnUrl,
    clientReferenceId,
    metadata: applyMetadata(null, params.metadata()),
    expiresAt,
    allowPromotionCodes: params.boolean("allow_promotion_codes") ?? null,
    publicUrl: ctx.publicUrl,
  });
  // Inline products and prices exist only once the whole request validated.
  for (const product of lines.products) state.products.set(product.id, product);
  for (const price of lines.prices) state.prices.set(price.id, price);
  const record: CheckoutRecord = {
    session,
    lineItems: lines.items,
    subscriptionData: {
      metadata: subscriptionData === undefined ? {} : applyMetadata(null, subscriptionData.metadata(), subscriptionData.path("metadata")),
      description: subscriptionData?.string("description") ?? null,
      trialPeriodDays,
    },
    paymentIntentMetadata: nestedMetadata(params, "payment_intent_data"),
    setupIntentMetadata: nestedMetadata(params, "setup_intent_data"),
    customerCreation,
    discounts,
  };
  if (discounts.length > 0) {
    session.discounts = discounts.map(({ coupon, promotionCode }) => ({
      coupon: coupon.id,
      promotion_code: promotionCode?.id ?? null,
    }));
  }
  state.checkoutSessions.set(session.id, record);
  return session;
}

/** Stripe expires sessions lazily from the caller's point of view; so does the emulator. */
export function expireIfDue(state: ModeState, emit: EmitFn, record: CheckoutRecord): void {
  const session = record.session;
  if (session.status === "open" && session.expires_at <= nowSeconds(state)) expire(emit, record);
}

function expire(emit: EmitFn, record: CheckoutRecord): void {
  record.session.status = "expired";
  record.session.url = null;
  emit("checkout.session.expired", record.session);
}

function existing(ctx: ApiContext): CheckoutRecord {
  const record = pathObject(ctx, ctx.state.checkoutSessions, "checkout.session");
  expireIfDue(ctx.state, ctx.emit, record);
  return record;
}

function retrieve(ctx: ApiContext): object {
  return existing(ctx).session;
}

function listLineItems(ctx: ApiContext): object {
  const record = existing(ctx);
  return paginate(record.lineItems, ctx.params, `/v1/checkout/sessions/${record.session.id}/line_items`);
}

function expireSession(ctx: ApiContext): object {
  const record = existing(ctx);
  if (record.session.status !== "open") {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This session has status "${record.session.status}".`,
    );
  }
  expire(ctx.emit, record);
  return record.session;
}

function list(ctx: ApiContext): object {
  const { params } = ctx;
  const customer = params.string("customer");
  const subscription = params.string("subscription");
  const paymentIntent = params.string("payment_intent");
  const status = params.enumOf("status", ["open", "complete", "expired"] as const);
  const sessions = newestFirst(ctx.state.checkoutSessions.values())
    .map((record) => record.session)
    .filter(
      (session) =>
        (customer === undefined || session.customer === customer) &&
        (subscription === undefined || session.subscription === subscription) &&
        (paymentIntent === undefined || session.payment_intent === paymentIntent) &&
        (status === undefined || session.status === status),
    );
  return paginate(sessions, params, "/v1/checkout/sessions");
}

export const checkoutRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/checkout/sessions", handler: create },
  { method: "GET", path: "/v1/checkout/sessions", handler: list },
  { method: "GET", path: "/v1/checkout/sessions/:id/line_items", handler: listLineItems },
  { method: "POST", path: "/v1/checkout/sessions/:id/expire", handler: expireSession },
  { method: "GET", path: "/v1/checkout/sessions/:id", handler: retrieve },
];
