// The discounts an attach or update names (Autumn's `discounts`: reward_id = a Stripe coupon id,
// promotion_code = the customer-facing code), checked against Stripe before anything changes: an
// unknown, expired or inactive one is refused with invalid_discount, never silently dropped.
import "server-only";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import { DomainError } from "@/lib/errors";
import type { DiscountInput } from "./schemas";
import { stripeFor } from "@/lib/billing/stripe-client";
import { callStripe } from "@/lib/billing/stripe-errors";
import { isStripeResourceMissing } from "@/lib/billing/stripe-errors";
import type { Discount } from "@/lib/billing/preview/proration";

export type ResolvedDiscount = Discount & { stripe: { coupon: string } | { promotion_code: string } };

const invalidDiscount = (index: number, message: string) => new DomainError("invalid_discount", `discounts.${index}: ${message}`, { field: `discounts.${index}` });

function fromCoupon(coupon: Stripe.Coupon, index: number, currency: string): Discount {
  if (!coupon.valid) throw invalidDiscount(index, `coupon ${coupon.id} is no longer valid`);
  if (coupon.amount_off !== null && coupon.currency && coupon.currency !== currency) {
    throw invalidDiscount(index, `coupon ${coupon.id} is in ${coupon.currency.toUpperCase()}, the plan in ${currency.toUpperCase()}`);
  }
  return {
    id: coupon.id,
    ...(coupon.name ? { name: coupon.name } : {}),
    ...(coupon.percent_off !== null ? { percentOff: coupon.percent_off } : {}),
    ...(coupon.amount_off !== null ? { amountOff: coupon.amount_off } : {}),
    once: coupon.duration === "once",
  };
}

export async function resolveDiscounts(ctx: Ctx, discounts: DiscountInput[] | undefined, currency: string): Promise<ResolvedDiscount[]> {
  if (!discounts || discounts.length === 0) return [];
  const stripe = stripeFor(ctx.env);
  const resolved: ResolvedDiscount[] = [];
  for (const [index, discount] of discounts.entries()) {
    if (discount.reward_id) {
      const couponId = discount.reward_id;
      const coupon = await callStripe(ctx.env, "read the coupon", () => stripe.coupons.retrieve(couponId)).catch((error: unknown) => {
        if (isStripeResourceMissing(error) || (error instanceof DomainError && error.status === 400)) throw invalidDiscount(index, `no Stripe coupon ${couponId}`);
        throw error;
      });
      resolved.push({ ...fromCoupon(coupon, index, currency), stripe: { coupon: coupon.id } });
      continue;
    }
    const code = discount.promotion_code!;
    const page = await callStripe(ctx.env, "find the promotion code", () => stripe.promotionCodes.list({ code, limit: 1, expand: ["data.promotion.coupon"] }));
    const promotion = page.data[0];
    if (!promotion) throw invalidDiscount(index, `no Stripe promotion code ${code}`);
    if (!promotion.active) throw invalidDiscount(index, `promotion code ${code} is not active`);
    const coupon = promotion.promotion?.coupon;
    if (!coupon) throw invalidDiscount(index, `promotion code ${code} has no coupon`);
    const full = typeof coupon === "string" ? await callStripe(ctx.env, "read the coupon", () => stripe.coupons.retrieve(coupon)) : coupon;
    resolved.push({ ...fromCoupon(full, index, currency), stripe: { promotion_code: promotion.id } });
  }
  return resolved;
}

/** As Stripe's subscription `discounts` parameter. */
export const stripeDiscounts = (discounts: ResolvedDiscount[]) => discounts.map((d) => d.stripe);

/** As the customer plan's `discounts` column keeps them (for display and later previews). */
export const storedDiscounts = (discounts: ResolvedDiscount[]) =>
  discounts.map((d) => ({ id: d.id, ...(d.name ? { name: d.name } : {}), ...(d.percentOff !== undefined ? { percent_off: d.percentOff } : {}), ...(d.amountOff !== undefined ? { amount_off: d.amountOff } : {}), once: d.once, stripe: d.stripe }));

/** The discounts stored on a customer plan, for its previews. */
export function discountsOfRow(value: unknown): Discount[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    if (typeof raw !== "object" || raw === null) return [];
    const d = raw as Record<string, unknown>;
    if (typeof d.id !== "string") return [];
    return [{
      id: d.id,
      ...(typeof d.name === "string" ? { name: d.name } : {}),
      ...(typeof d.percent_off === "number" ? { percentOff: d.percent_off } : {}),
      ...(typeof d.amount_off === "number" ? { amountOff: d.amount_off } : {}),
      once: d.once === true,
    }];
  });
}

/** Stripe's `discounts` entries of the discounts stored on a customer plan (what the invoice-billing job applies). */
export function stripeDiscountsOfRow(value: unknown): ResolvedDiscount["stripe"][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: unknown): ResolvedDiscount["stripe"][] => {
    const stripe = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).stripe : null;
    if (typeof stripe !== "object" || stripe === null) return [];
    const s = stripe as Record<string, unknown>;
    if (typeof s.coupon === "string") return [{ coupon: s.coupon }];
    if (typeof s.promotion_code === "string") return [{ promotion_code: s.promotion_code }];
    return [];
  });
}
