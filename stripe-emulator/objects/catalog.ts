import Stripe from "stripe";

import { newId } from "../ids";
import type { ModeState } from "../store";
import { nowSeconds, type Interval } from "../time";

export interface ProductInput {
  name: string;
  description?: string | null;
  metadata?: Record<string, string>;
  active?: boolean;
}

export function buildProduct(state: ModeState, input: ProductInput): Stripe.Product {
  const now = nowSeconds(state);
  return {
    id: newId("prod"),
    object: "product",
    active: input.active ?? true,
    created: now,
    default_price: null,
    description: input.description ?? null,
    images: [],
    livemode: state.livemode,
    marketing_features: [],
    metadata: input.metadata ?? {},
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: null,
    updated: now,
    url: null,
  };
}

export interface PriceInput {
  currency: string;
  unitAmount: number;
  product: string;
  recurring: { interval: Interval; intervalCount: number } | null;
  metadata?: Record<string, string>;
  nickname?: string | null;
  lookupKey?: string | null;
  /** Prices made from `price_data` are inline and inactive, as on Stripe. */
  active?: boolean;
}

export function buildPrice(state: ModeState, input: PriceInput): Stripe.Price {
  return {
    id: newId("price"),
    object: "price",
    active: input.active ?? true,
    billing_scheme: "per_unit",
    created: nowSeconds(state),
    currency: input.currency,
    custom_unit_amount: null,
    livemode: state.livemode,
    lookup_key: input.lookupKey ?? null,
    metadata: input.metadata ?? {},
    nickname: input.nickname ?? null,
    product: input.product,
    recurring:
      input.recurring === null
        ? null
        : {
            interval: input.recurring.interval,
            interval_count: input.recurring.intervalCount,
            meter: null,
            trial_period_days: null,
            usage_type: "licensed",
          },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring === null ? "one_time" : "recurring",
    unit_amount: input.unitAmount,
    unit_amount_decimal: Stripe.Decimal.from(String(input.unitAmount)),
  };
}

/** Subscription items still carry the legacy `plan` mirror of their price. */
export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring;
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: recurring?.interval ?? "month",
    interval_count: recurring?.interval_count ?? 1,
    livemode: price.livemode,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: typeof price.product === "string" ? price.product : price.product.id,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

export function productName(state: ModeState, price: Stripe.Price): string {
  const productId = typeof price.product === "string" ? price.product : price.product.id;
  const product = state.products.get(productId);
  return product?.name ?? productId;
}
