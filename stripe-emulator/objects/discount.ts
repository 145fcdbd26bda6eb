import type Stripe from "stripe";

import { newId, randomToken } from "../ids";
import type { ModeState } from "../store";
import { addInterval, nowSeconds } from "../time";

export interface CouponInput {
  id: string | null;
  name: string | null;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: Stripe.Coupon.Duration;
  durationInMonths: number | null;
  maxRedemptions: number | null;
  redeemBy: number | null;
  metadata: Record<string, string>;
}

export function buildCoupon(state: ModeState, input: CouponInput): Stripe.Coupon {
  return {
    id: input.id ?? randomToken(8),
    object: "coupon",
    amount_off: input.amountOff,
    created: nowSeconds(state),
    currency: input.currency,
    duration: input.duration,
    duration_in_months: input.durationInMonths,
    livemode: state.livemode,
    max_redemptions: input.maxRedemptions,
    metadata: input.metadata,
    name: input.name,
    percent_off: input.percentOff,
    redeem_by: input.redeemBy,
    times_redeemed: 0,
    valid: true,
  };
}

export interface PromotionCodeInput {
  code: string | null;
  coupon: string;
  active: boolean;
  customer: string | null;
  expiresAt: number | null;
  maxRedemptions: number | null;
  metadata: Record<string, string>;
}

export function buildPromotionCode(state: ModeState, input: PromotionCodeInput): Stripe.PromotionCode {
  return {
    id: newId("promo"),
    object: "promotion_code",
    active: input.active,
    code: input.code ?? randomToken(8).toUpperCase(),
    created: nowSeconds(state),
    customer: input.customer,
    customer_account: null,
    expires_at: input.expiresAt,
    livemode: state.livemode,
    max_redemptions: input.maxRedemptions,
    metadata: input.metadata,
    promotion: { coupon: input.coupon, type: "coupon" },
    restrictions: {
      first_time_transaction: false,
      minimum_amount: null,
      minimum_amount_currency: null,
    },
    times_redeemed: 0,
  };
}

/** What a discount is attached to; exactly one of these is set, as on Stripe. */
export interface DiscountOwner {
  customer: string;
  subscription?: string | null;
  invoice?: string | null;
  invoiceItem?: string | null;
  checkoutSession?: string | null;
}

/**
 * A coupon applied somewhere. `end` follows the coupon's duration: a
 * `repeating` coupon stops after `duration_in_months`, `forever` never ends
 * and `once` is removed by the emulator after the first invoice it discounts.
 */
export function buildDiscount(
  state: ModeState,
  coupon: Stripe.Coupon,
  promotionCode: string | null,
  owner: DiscountOwner,
): Stripe.Discount {
  const start = nowSeconds(state);
  const end =
    coupon.duration === "repeating" && coupon.duration_in_months !== null
      ? addInterval(start, "month", coupon.duration_in_months)
      : null;
  return {
    id: newId("di"),
    object: "discount",
    checkout_session: owner.checkoutSession ?? null,
    customer: owner.customer,
    customer_account: null,
    end,
    invoice: owner.invoice ?? null,
    invoice_item: owner.invoiceItem ?? null,
    promotion_code: promotionCode,
    source: { coupon: coupon.id, type: "coupon" },
    start,
    subscription: owner.subscription ?? null,
    subscription_item: null,
  };
}

export function discountCouponId(discount: Stripe.Discount): string {
  const coupon = discount.source.coupon;
  if (coupon === null) return "";
  return typeof coupon === "string" ? coupon : coupon.id;
}

export interface LineDiscount {
  discount: string;
  amount: number;
}

/**
 * Stripe's discount arithmetic over a list of line amounts: discounts apply
 * in order, each to what the previous ones left; `percent_off` rounds per
 * line, `amount_off` is spread over the positive lines in proportion to their
 * amounts (the rounding remainder lands on the last one) and never exceeds them.
 */
export function discountLines(
  amounts: readonly number[],
  discounts: readonly { id: string; coupon: Stripe.Coupon }[],
): LineDiscount[][] {
  const remaining = [...amounts];
  const perLine: LineDiscount[][] = amounts.map(() => []);
  for (const { id, coupon } of discounts) {
    if (coupon.percent_off !== null) {
      remaining.forEach((amount, index) => {
        const off = Math.round((amount * coupon.percent_off!) / 100);
        if (off === 0) return;
        perLine[index]!.push({ discount: id, amount: off });
        remaining[index] = amount - off;
      });
      continue;
    }
    const positive = remaining.map((amount) => Math.max(0, amount));
    const base = positive.reduce((sum, amount) => sum + amount, 0);
    const total = Math.min(coupon.amount_off ?? 0, base);
    if (total <= 0) continue;
    let left = total;
    const lastIndex = positive.reduce((last, amount, index) => (amount > 0 ? index : last), -1);
    positive.forEach((amount, index) => {
      if (amount <= 0) return;
      const off = index === lastIndex ? left : Math.floor((total * amount) / base);
      left -= off;
      if (off === 0) return;
      perLine[index]!.push({ discount: id, amount: off });
      remaining[index] = (remaining[index] ?? 0) - off;
    });
  }
  return perLine;
}
