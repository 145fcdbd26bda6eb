// A plan's discounts on invoices.create ("applied only to this plan's lines") when the plan bills
// several lines (its base price and a priced feature quantity), through autumn-js against the
// handlers and the Stripe emulator (issue 18). Stripe's rule: a discount is one redemption, taken
// once on what it discounts (an amount_off spread over the lines in proportion, a percent_off on
// each). So the plan's discounts are the invoice's, the other lines not discountable: a fixed
// amount is taken once, a promotion code redeemed once; where that cannot be (other lines
// discounted too) such a discount is refused rather than taken per line. A reissue keeps it so.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createTestCustomer, unique } from "@/tests/factories";
import { createPaidTestPlan, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import * as invoicesCreate from "./invoices.create/route";
import * as invoicesReissue from "./invoices.reissue/route";

const { autumn } = await setupSdkApi({ "invoices.create": invoicesCreate, "invoices.reissue": invoicesReissue }, { webhooks: stripeWebhook });

/** A customer and a plan billed on two lines: $20 base, 7 seats at $5 ($35). */
async function twoLinePlan() {
  const customer = await createTestCustomer();
  const { plan, feature } = await createPaidTestPlan({ amount: 2000, included: 10 });
  const ref = {
    planId: plan.id,
    customize: { items: [{ featureId: feature.id, price: { amount: 5, interval: "month" as const, billingMethod: "prepaid" as const } }] },
    featureQuantities: [{ featureId: feature.id, billingBehavior: "prepaid" as const, quantity: 7 }],
  };
  return { customer, customerId: customer.externalId!, plan, ref };
}

const discountOf = (line: Stripe.InvoiceLineItem) => (line.discount_amounts ?? []).reduce((sum, entry) => sum + entry.amount, 0);
const linesOf = async (invoiceId: string) => (await testStripe().invoices.listLineItems(invoiceId, { limit: 100 })).data;

describe("invoices.create: a plan's discounts over its several lines", () => {
  it("a fixed-amount coupon is taken once (spread over the plan's lines), a percent coupon on each; another line is not discounted; a reissue totals the same", async () => {
    const stripe = testStripe();
    const { customerId, ref } = await twoLinePlan();
    const tenOff = await stripe.coupons.create({ amount_off: 1000, currency: "usd", duration: "once" });
    const tenPercent = await stripe.coupons.create({ percent_off: 10, duration: "once" });
    const params = { customerId, plans: [{ ...ref, discounts: [{ rewardId: tenOff.id }, { rewardId: tenPercent.id }] }], customLineItems: [{ description: "Onboarding", amount: 15 }] };
    // By hand, Stripe's rules: the plan's 55 − 10 (once) = 45, − 10% = 40.50; onboarding 15 untouched: 55.50.
    // Per line: $10 in proportion, 2000/5500 of it = 363 (rounded down), the rest 637 on the last;
    // then 10% of 1637 = 164 and of 2863 = 286. (Taken per line, $10 twice: 46.50.)
    const expected = { subtotal: 70, discountTotal: 14.5, total: 55.5, amountDue: 55.5 };
    const preview = await autumn.invoices.create({ ...params, preview: true });
    expect(preview.preview).toMatchObject(expected);
    expect(preview.preview.lines.map((line) => [line.amount, line.amountAfterDiscounts])).toEqual([
      [20, 14.73],
      [35, 25.77],
      [15, 15],
    ]);

    const answer = await autumn.invoices.create(params);
    expect(answer.preview).toMatchObject(expected);
    const inStripe = await stripe.invoices.retrieve(answer.invoice!.stripeId, { expand: ["discounts"] });
    expect(inStripe).toMatchObject({ subtotal: 7000, total: 5550, amount_due: 5550 });
    expect((inStripe.discounts as Stripe.Discount[]).map((discount) => discount.source.coupon)).toEqual([tenOff.id, tenPercent.id]);
    expect((await linesOf(inStripe.id!)).map((line) => [line.amount, discountOf(line), line.discountable])).toEqual([
      [2000, 527, true],
      [3500, 923, true],
      [1500, 0, false],
    ]);
    expect((await stripe.coupons.retrieve(tenOff.id)).times_redeemed).toBe(1);

    // The reissue keeps the discounts on the lines they reached: the same 55.50, onboarding still whole.
    const reissued = await autumn.invoices.reissue({ invoiceId: answer.invoice!.id });
    expect(reissued.preview).toMatchObject(expected);
    const replacement = await stripe.invoices.retrieve(reissued.invoice!.stripeId);
    expect(replacement.total).toBe(5550);
    expect((await linesOf(replacement.id!)).map((line) => [line.amount, discountOf(line)])).toEqual([
      [2000, 527],
      [3500, 923],
      [1500, 0],
    ]);
  });

  it("a one-use promotion code is redeemed once; the invoice's own coupon applies after it, the plan's lines being the invoice's", async () => {
    const stripe = testStripe();
    const { customerId, ref } = await twoLinePlan();
    const fiveOff = await stripe.coupons.create({ amount_off: 500, currency: "usd", duration: "once" });
    const code = unique("ONCE5").toUpperCase();
    const promotion = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: fiveOff.id }, code, max_redemptions: 1 });
    const tenPercent = await stripe.coupons.create({ percent_off: 10, duration: "once" });
    // 55 − 5 = 50, − 10% = 45 (per line: 181 and 319 off, then 182 and 318).
    const answer = await autumn.invoices.create({ customerId, plans: [{ ...ref, discounts: [{ promotionCode: code }] }], discounts: [{ rewardId: tenPercent.id }] });
    expect(answer.preview).toMatchObject({ subtotal: 55, discountTotal: 10, total: 45 });
    const inStripe = await stripe.invoices.retrieve(answer.invoice!.stripeId, { expand: ["discounts"] });
    expect(inStripe.total).toBe(4500);
    expect((inStripe.discounts as Stripe.Discount[]).map((discount) => [discount.source.coupon, discount.promotion_code])).toEqual([
      [fiveOff.id, promotion.id],
      [tenPercent.id, null],
    ]);
    expect((await linesOf(inStripe.id!)).map(discountOf)).toEqual([363, 637]);
    expect((await stripe.promotionCodes.retrieve(promotion.id)).times_redeemed).toBe(1);
  });

  it("refused when other lines are discounted too (a fixed amount would be taken per line): invalid_request naming the discount, nothing created; a percent coupon there is on each of the plan's lines", async () => {
    const stripe = testStripe();
    const { customer, customerId, ref } = await twoLinePlan();
    const tenOff = await stripe.coupons.create({ amount_off: 1000, currency: "usd", duration: "once" });
    const tenPercent = await stripe.coupons.create({ percent_off: 10, duration: "once" });
    const others = { customLineItems: [{ description: "Onboarding", amount: 15 }], discounts: [{ rewardId: tenPercent.id }] };
    const refused = await sdkError(autumn.invoices.create({ customerId, plans: [{ ...ref, discounts: [{ rewardId: tenPercent.id }, { rewardId: tenOff.id }] }], ...others }));
    expect(refused).toMatchObject({ status: 400, body: { code: "invalid_request", message: expect.stringMatching(new RegExp(`^plans\\.0\\.discounts\\.1: ${tenOff.id} `)) } });
    expect(await db().invoice.count({ where: { customerId: customer.id } })).toBe(0);

    // 20 − 10% = 18, 35 − 10% = 31.50 (the plan's), then the invoice's 10% on all: 16.20 + 28.35 + 13.50 = 58.05.
    const percent = await autumn.invoices.create({ customerId, plans: [{ ...ref, discounts: [{ rewardId: tenPercent.id }] }], ...others });
    expect(percent.preview).toMatchObject({ subtotal: 70, total: 58.05 });
    expect((await stripe.invoices.retrieve(percent.invoice!.stripeId)).total).toBe(5805);
  });
});
