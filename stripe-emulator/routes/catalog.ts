import type Stripe from "stripe";

import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { invalidRequest, parameterMissing, resourceMissing } from "../errors";
import { newestFirst, paginate } from "../list";
import { buildPrice, buildProduct } from "../objects/catalog";
import { applyMetadata, type Params } from "../params";
import type { ModeState } from "../store";
import { INTERVALS, type Interval } from "../time";

export function currency(params: Params): string {
  const value = params.requiredString("currency").toLowerCase();
  if (!/^[a-z]{3}$/.test(value)) {
    throw invalidRequest(`Invalid currency: ${value}`, params.path("currency"));
  }
  return value;
}

export function recurring(params: Params): { interval: Interval; intervalCount: number } | null {
  const input = params.object("recurring");
  if (input === undefined) return null;
  const interval = input.enumOf("interval", INTERVALS);
  if (interval === undefined) throw parameterMissing(input.path("interval"));
  const intervalCount = input.integer("interval_count", { min: 1 }) ?? 1;
  const maxCount = { day: 1095, week: 156, month: 36, year: 3 }[interval];
  if (intervalCount > maxCount) {
    throw invalidRequest(
      `The maximum billing interval is three years (${maxCount} ${interval}s).`,
      input.path("interval_count"),
    );
  }
  return { interval, intervalCount };
}

export function unitAmount(params: Params): number {
  const amount = params.integer("unit_amount", { min: 0 });
  if (amount !== undefined) return amount;
  const decimal = params.string("unit_amount_decimal");
  if (decimal !== undefined) {
    if (!/^\d+$/.test(decimal)) {
      throw invalidRequest(
        "The Stripe emulator only supports whole-number unit_amount_decimal values.",
        params.path("unit_amount_decimal"),
      );
    }
    return Number(decimal);
  }
  throw parameterMissing(params.path("unit_amount"));
}

/** Resolves `product` or creates one from `product_data`, exactly one being allowed. */
export function productFor(state: ModeState, params: Params, createdProducts: Stripe.Product[]): string {
  const productId = params.string("product");
  const productData = params.object("product_data");
  if (productId !== undefined && productData !== undefined) {
    throw invalidRequest(
      "You may only specify one of these parameters: product, product_data.",
      params.path("product"),
      "parameters_exclusive",
    );
  }
  if (productId !== undefined) {
    if (!state.products.has(productId)) throw resourceMissing("product", productId, params.path("product"));
    return productId;
  }
  if (productData === undefined) throw parameterMissing(params.path("product_data"));
  const product = buildProduct(state, {
    name: productData.requiredString("name"),
    description: productData.string("description") ?? null,
    metadata: applyMetadata(null, productData.metadata(), productData.path("metadata")),
  });
  createdProducts.push(product);
  return product.id;
}

function createProduct(ctx: ApiContext): object {
  const { params } = ctx;
  params.rejectUnsupported(["default_price_data"]);
  const product = buildProduct(ctx.state, {
    name: params.requiredString("name"),
    description: params.string("description") ?? null,
    metadata: applyMetadata(null, params.metadata()),
    active: params.boolean("active") ?? true,
  });
  const customId = params.string("id");
  if (customId !== undefined) {
    if (ctx.state.products.has(customId)) {
      throw invalidRequest(`Product already exists.`, "id", "resource_already_exists");
    }
    product.id = customId;
  }
  ctx.state.products.set(product.id, product);
  ctx.emit("product.created", product);
  return product;
}

function retrieveProduct(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.products, "product");
}

function listProducts(ctx: ApiContext): object {
  const active = ctx.params.boolean("active");
  const ids = ctx.params.stringArray("ids");
  const products = newestFirst(ctx.state.products.values()).filter(
    (product) =>
      (active === undefined || product.active === active) &&
      (ids === undefined || ids.includes(product.id)),
  );
  return paginate(products, ctx.params, "/v1/products");
}

function createPrice(ctx: ApiContext): object {
  const { params } = ctx;
  params.rejectUnsupported([
    "currency_options",
    "custom_unit_amount",
    "tiers",
    "tiers_mode",
    "transform_quantity",
    "transfer_lookup_key",
  ]);
  if (params.has("billing_scheme") && params.string("billing_scheme") !== "per_unit") {
    throw invalidRequest("The Stripe emulator only supports per_unit prices.", "billing_scheme");
  }
  const createdProducts: Stripe.Product[] = [];
  const priceCurrency = currency(params);
  const amount = unitAmount(params);
  const cycle = recurring(params);
  const product = productFor(ctx.state, params, createdProducts);
  const lookupKey = params.string("lookup_key") ?? null;
  if (lookupKey !== null) {
    for (const existing of ctx.state.prices.values()) {
      if (existing.lookup_key === lookupKey) {
        throw invalidRequest(
          `A price (\`${existing.id}\`) already uses that lookup key.`,
          "lookup_key",
        );
      }
    }
  }
  const price = buildPrice(ctx.state, {
    currency: priceCurrency,
    unitAmount: amount,
    product,
    recurring: cycle,
    metadata: applyMetadata(null, params.metadata()),
    nickname: params.string("nickname") ?? null,
    lookupKey,
    active: params.boolean("active") ?? true,
  });
  for (const created of createdProducts) {
    ctx.state.products.set(created.id, created);
    ctx.emit("product.created", created);
  }
  ctx.state.prices.set(price.id, price);
  ctx.emit("price.created", price);
  return price;
}

function retrievePrice(ctx: ApiContext): object {
  return pathObject(ctx, ctx.state.prices, "price");
}

function listPrices(ctx: ApiContext): object {
  const { params } = ctx;
  const active = params.boolean("active");
  const product = params.string("product");
  const priceCurrency = params.string("currency");
  const type = params.enumOf("type", ["one_time", "recurring"] as const);
  const lookupKeys = params.stringArray("lookup_keys");
  const prices = newestFirst(ctx.state.prices.values()).filter(
    (price) =>
      (active === undefined || price.active === active) &&
      (product === undefined || price.product === product) &&
      (priceCurrency === undefined || price.currency === priceCurrency) &&
      (type === undefined || price.type === type) &&
      (lookupKeys === undefined || (price.lookup_key !== null && lookupKeys.includes(price.lookup_key))),
  );
  return paginate(prices, params, "/v1/prices");
}

export const catalogRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/products", handler: createProduct },
  { method: "GET", path: "/v1/products", handler: listProducts },
  { method: "GET", path: "/v1/products/:id", handler: retrieveProduct },
  { method: "POST", path: "/v1/prices", handler: createPrice },
  { method: "GET", path: "/v1/prices", handler: listPrices },
  { method: "GET", path: "/v1/prices/:id", handler: retrievePrice },
];
