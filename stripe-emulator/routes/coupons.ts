import type Stripe from "stripe";

import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { invalidRequest, parameterMissing, resourceMissing } from "../errors";
import { newestFirst, paginate } from "../list";
import { buildCoupon, buildPromotionCode } from "../objects/discount";
import { applyMetadata } from "../params";

function createCoupon(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly([
    "amount_off", "applies_to", "currency", "currency_options", "duration", "duration_in_months", "expand", "id",
    "max_redemptions", "metadata", "name", "percent_off", "redeem_by",
  ]);
  params.rejectUnsupported(["applies_to", "currency_options"]);
  const percentRaw = params.string("percent_off");
  const percentOff = percentRaw === undefined ? null : Number(percentRaw);
  const amountOff = params.integer("amount_off", { min: 1 }) ?? null;
  if ((percentOff === null) === (amountOff === null)) {
    throw invalidRequest("You must pass exactly one of `percent_off` or `amount_off`.", "percent_off");
  }
  if (percentOff !== null && !(Number.isFinite(percentOff) && percentOff > 0 && percentOff <= 100)) {
    throw invalidRequest("Invalid percent_off: must be greater than 0 and at most 100.", "percent_off");
  }
  const couponCurrency = params.string("currency")?.toLowerCase() ?? null;
  if (amountOff !== null && couponCurrency === null) throw parameterMissing("currency", "You must pass `currency` with `amount_off`.");
  const duration = params.enumOf("duration", ["forever", "once", "repeating"] as const) ?? "once";
  const months = params.integer("duration_in_months", { min: 1 }) ?? null;
  if (duration === "repeating" && months === null) throw parameterMissing("duration_in_months");
  if (duration !== "repeating" && months !== null) {
    throw invalidRequest("You can only pass `duration_in_months` with `duration=repeating`.", "duration_in_months");
  }
  const id = params.string("id") ?? null;
  if (id !== null && state.coupons.has(id)) {
    throw invalidRequest("Coupon already exists.", "id", "resource_already_exists");
  }
  const coupon = buildCoupon(state, {
    id,
    name: params.string("name") ?? null,
    percentOff,
    amountOff,
    currency: amountOff === null ? null : couponCurrency,
    duration,
    durationInMonths: months,
    maxRedemptions: params.integer("max_redemptions", { min: 1 }) ?? null,
    redeemBy: params.integer("redeem_by", { min: 0 }) ?? null,
    metadata: applyMetadata(null, params.metadata()),
  });
  state.coupons.set(coupon.id, coupon);
  ctx.emit("coupon.created", coupon);
  return coupon;
}

function existingCoupon(ctx: ApiContext): Stripe.Coupon {
  return pathObject(ctx, ctx.state.coupons, "coupon");
}

function deleteCoupon(ctx: ApiContext): object {
  const coupon = existingCoupon(ctx);
  // Existing discounts keep working on Stripe; the emulator keeps the record for them but stops new use.
  coupon.valid = false;
  ctx.emit("coupon.deleted", coupon);
  return { id: coupon.id, object: "coupon", deleted: true };
}

function listCoupons(ctx: ApiContext): object {
  return paginate(newestFirst(ctx.state.coupons.values()).filter((coupon) => coupon.valid), ctx.params, "/v1/coupons");
}

function createPromotionCode(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly([
    "active", "code", "customer", "customer_account", "expand", "expires_at", "max_redemptions", "metadata",
    "promotion", "restrictions",
  ]);
  params.rejectUnsupported(["customer_account", "restrictions"]);
  const promotion = params.object("promotion");
  if (promotion === undefined) throw parameterMissing("promotion");
  promotion.allowOnly(["coupon", "type"]);
  if (promotion.enumOf("type", ["coupon"] as const) === undefined) throw parameterMissing(promotion.path("type"));
  const couponId = promotion.requiredString("coupon");
  const coupon = state.coupons.get(couponId);
  if (coupon === undefined || !coupon.valid) throw resourceMissing("coupon", couponId, promotion.path("coupon"));
  const code = params.string("code") ?? null;
  if (code !== null) {
    const clash = [...state.promotionCodes.values()].some(
      (existing) => existing.active && existing.code.toLowerCase() === code.toLowerCase(),
    );
    if (clash) throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, "code");
  }
  const customer = params.string("customer") ?? null;
  if (customer !== null && !state.customers.has(customer)) throw resourceMissing("customer", customer, "customer");
  const created = buildPromotionCode(state, {
    code,
    coupon: coupon.id,
    active: params.boolean("active") ?? true,
    customer,
    expiresAt: params.integer("expires_at", { min: 0 }) ?? null,
    maxRedemptions: params.integer("max_redemptions", { min: 1 }) ?? null,
    metadata: applyMetadata(null, params.metadata()),
  });
  state.promotionCodes.set(created.id, created);
  ctx.emit("promotion_code.created", created);
  return created;
}

function existingPromotionCode(ctx: ApiContext): Stripe.PromotionCode {
  return pathObject(ctx, ctx.state.promotionCodes, "promotion_code");
}

function updatePromotionCode(ctx: ApiContext): object {
  const { params } = ctx;
  params.allowOnly(["active", "expand", "metadata", "restrictions"]);
  params.rejectUnsupported(["restrictions"]);
  const found = existingPromotionCode(ctx);
  const active = params.boolean("active");
  if (active === true && !found.active) {
    const clash = [...ctx.state.promotionCodes.values()].some(
      (other) => other.id !== found.id && other.active && other.code.toLowerCase() === found.code.toLowerCase(),
    );
    if (clash) throw invalidRequest(`An active promotion code with \`code: ${found.code}\` already exists.`, "active");
  }
  if (active !== undefined) found.active = active;
  found.metadata = applyMetadata(found.metadata, params.metadata());
  ctx.emit("promotion_code.updated", found);
  return found;
}

function listPromotionCodes(ctx: ApiContext): object {
  const { params } = ctx;
  const code = params.string("code");
  const coupon = params.string("coupon");
  const active = params.boolean("active");
  const customer = params.string("customer");
  const codes = newestFirst(ctx.state.promotionCodes.values()).filter(
    (entry) =>
      (code === undefined || entry.code.toLowerCase() === code.toLowerCase()) &&
      (coupon === undefined || entry.promotion.coupon === coupon) &&
      (active === undefined || entry.active === active) &&
      (customer === undefined || entry.customer === customer),
  );
  return paginate(codes, params, "/v1/promotion_codes");
}

export const couponRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/coupons", handler: createCoupon },
  { method: "GET", path: "/v1/coupons", handler: listCoupons },
  { method: "GET", path: "/v1/coupons/:id", handler: (ctx) => existingCoupon(ctx) },
  { method: "DELETE", path: "/v1/coupons/:id", handler: deleteCoupon },
  { method: "POST", path: "/v1/promotion_codes", handler: createPromotionCode },
  { method: "GET", path: "/v1/promotion_codes", handler: listPromotionCodes },
  { method: "GET", path: "/v1/promotion_codes/:id", handler: (ctx) => existingPromotionCode(ctx) },
  { method: "POST", path: "/v1/promotion_codes/:id", handler: updatePromotionCode },
];
