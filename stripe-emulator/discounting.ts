import type Stripe from "stripe";

import { invalidRequest, resourceMissing } from "./errors";
import { buildDiscount, discountCouponId, type DiscountOwner } from "./objects/discount";
import type { Params } from "./params";
import type { ModeState } from "./store";
import { nowSeconds } from "./time";

export interface DiscountRequest {
  coupon: Stripe.Coupon;
  promotionCode: Stripe.PromotionCode | null;
  /** `{discount}`: an existing discount reused as it is (no new redemption). */
  existing?: Stripe.Discount;
}

/**
 * Where `{discount}` may reuse an existing discount from (Stripe: "an existing discount on the
 * object or one of its ancestors"): for an invoice, its customer's own discounts and its
 * subscription's. Without it, `{discount}` is refused as not modelled.
 */
export interface DiscountAncestors {
  customer: string;
  subscription: string | null;
}

function reusedDiscount(state: ModeState, id: string, ancestors: DiscountAncestors, param: string): DiscountRequest {
  const discount = state.discounts.get(id);
  if (discount === undefined || (discount as { deleted?: boolean }).deleted === true) throw resourceMissing("discount", id, param);
  const customer = typeof discount.customer === "string" ? discount.customer : (discount.customer?.id ?? null);
  const ownedByCustomer = discount.subscription === null && discount.invoice === null && discount.invoice_item === null && discount.checkout_session === null;
  const ownedBySubscription = discount.subscription !== null && discount.subscription === ancestors.subscription;
  if (customer !== ancestors.customer || !(ownedByCustomer || ownedBySubscription)) {
    throw invalidRequest(`The discount ${id} cannot be applied: it is not on this object's customer or subscription.`, param);
  }
  const coupon = state.coupons.get(discountCouponId(discount));
  if (coupon === undefined) throw resourceMissing("coupon", discountCouponId(discount), param);
  return { coupon, promotionCode: null, existing: discount };
}

function checkCoupon(state: ModeState, coupon: Stripe.Coupon, param: string): void {
  const expired = coupon.redeem_by !== null && coupon.redeem_by <= nowSeconds(state);
  const exhausted = coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions;
  if (!coupon.valid || expired || exhausted) {
    throw invalidRequest(`Coupon ${coupon.id} is no longer valid.`, param, "coupon_expired");
  }
}

/**
 * Parses `discounts[]` (`{coupon}` or `{promotion_code}`; `discounts=""`
 * clears) into what they would apply, checking Stripe's validity rules.
 * Returns null when the param is absent.
 */
export function parseDiscounts(state: ModeState, params: Params, key = "discounts", ancestors?: DiscountAncestors): DiscountRequest[] | null {
  if (!params.has(key)) return null;
  if (params.raw[key] === "") return [];
  const entries = params.array(key) ?? [];
  return entries.map((entry) => {
    entry.allowOnly(["coupon", "discount", "promotion_code"]);
    const couponId = entry.string("coupon");
    const promotionId = entry.string("promotion_code");
    if (entry.has("discount")) {
      if (ancestors === undefined) throw invalidRequest("The Stripe emulator does not support reusing a `discount` id here.", entry.path("discount"));
      if (couponId !== undefined || promotionId !== undefined) {
        throw invalidRequest("You must specify exactly one of `coupon`, `discount` or `promotion_code`.", entry.path("discount"), "parameters_exclusive");
      }
      return reusedDiscount(state, entry.string("discount") ?? "", ancestors, entry.path("discount"));
    }
    if ((couponId === undefined) === (promotionId === undefined)) {
      throw invalidRequest(
        "You must specify exactly one of `coupon` or `promotion_code`.",
        entry.path("coupon"),
        "parameters_exclusive",
      );
    }
    if (couponId !== undefined) {
      const coupon = state.coupons.get(couponId);
      if (coupon === undefined) throw resourceMissing("coupon", couponId, entry.path("coupon"));
      checkCoupon(state, coupon, entry.path("coupon"));
      return { coupon, promotionCode: null };
    }
    const promotion = state.promotionCodes.get(promotionId ?? "");
    if (promotion === undefined) throw resourceMissing("promotion code", promotionId ?? "", entry.path("promotion_code"));
    const expired = promotion.expires_at !== null && promotion.expires_at <= nowSeconds(state);
    const exhausted = promotion.max_redemptions !== null && promotion.times_redeemed >= promotion.max_redemptions;
    if (!promotion.active || expired || exhausted) {
      throw invalidRequest(`This promotion code is not active: ${promotion.code}`, entry.path("promotion_code"));
    }
    const couponRef = promotion.promotion.coupon;
    const coupon = state.coupons.get(typeof couponRef === "string" ? couponRef : (couponRef?.id ?? ""));
    if (coupon === undefined) throw resourceMissing("coupon", String(couponRef), entry.path("promotion_code"));
    checkCoupon(state, coupon, entry.path("promotion_code"));
    return { coupon, promotionCode: promotion };
  });
}

/** Builds the Discount objects; `store` also records them and counts the redemptions. */
export function applyDiscounts(
  state: ModeState,
  requests: DiscountRequest[],
  owner: DiscountOwner,
  store: boolean,
): Stripe.Discount[] {
  return requests.map(({ coupon, promotionCode, existing }) => {
    // Reused as it is: already redeemed where it was made.
    if (existing !== undefined) return existing;
    const discount = buildDiscount(state, coupon, promotionCode?.id ?? null, owner);
    if (store) {
      state.discounts.set(discount.id, discount);
      coupon.times_redeemed += 1;
      if (promotionCode !== null) promotionCode.times_redeemed += 1;
    }
    return discount;
  });
}
