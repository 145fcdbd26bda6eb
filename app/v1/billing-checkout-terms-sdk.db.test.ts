// A paid plan bought through Stripe Checkout with an attach's own terms, through autumn-js against
// the emulator: the Checkout line item carries the custom price and the quantity feature_quantities
// asks for, the session the discount (a coupon or a promotion code), the subscription the free
// trial; paying completes it, and the webhook enables the plan with exactly those terms. The
// preview says what Checkout then charges.
import { describe, expect, it } from "vitest";
import { AutumnError } from "autumn-js";
import { createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, createTestPlan } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { payHostedCheckout, testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import * as billingAttach from "./billing.attach/route";
import * as previewAttachRoute from "./billing.preview_attach/route";

const DAY = 86_400_000;

const { autumn } = await setupSdkApi({ "billing.attach": billingAttach, "billing.preview_attach": previewAttachRoute }, { webhooks: stripeWebhook });

/** Pro at $60/month with 1 seat per unit, a customer with nothing yet (no Stripe customer either). */
async function proAndCustomer() {
  const seats = await createTestFeature({ type: "continuous_use" });
  const pro = await createTestPlan({ planId: unique("pro"), price: { amount: 6000, interval: "month", currency: "usd" }, items: [{ featureId: seats.id, included: 1 }] });
  const customer = await createTestCustomer();
  return { seats, pro, customer, customerId: customer.externalId! };
}

const sessionIdOf = (paymentUrl: string) => /\/checkout\/(cs_[A-Za-z0-9_]+)/.exec(paymentUrl)![1]!;

async function pay(paymentUrl: string) {
  const response = await payHostedCheckout(paymentUrl);
  expect(response.status).toBe(303);
  await testEmulator().flushWebhooks();
}

describe("billing.attach through Stripe Checkout with the attach's terms", () => {
  it("custom price, feature quantity, coupon, free trial and ends_at: on the Checkout session, then on the customer plan", async () => {
    const { seats, pro, customer, customerId } = await proAndCustomer();
    const coupon = await testStripe().coupons.create({ percent_off: 20, duration: "forever", name: "Launch 20" });
    const endsAt = Date.now() + 90 * DAY;

    const terms = {
      customerId,
      planId: pro.id,
      customize: { price: { amount: 45, interval: "month" as const } },
      featureQuantities: [{ featureId: seats.id, quantity: 3 }],
      discounts: [{ rewardId: coupon.id }],
      freeTrial: { durationLength: 14, durationType: "day" as const },
      endsAt,
    };
    const preview = await autumn.billing.previewAttach(terms);
    const answer = await autumn.billing.attach({ ...terms, successUrl: "http://127.0.0.1/done" });
    expect(answer.paymentUrl).toContain("/checkout/cs_");
    // Nothing is enabled before the customer goes through Checkout.
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);

    const sessionId = sessionIdOf(answer.paymentUrl!);
    const session = await testStripe().checkout.sessions.retrieve(sessionId);
    expect(session.mode).toBe("subscription");
    // The trial: nothing due today, then 3 × $45 less 20% = $108 a month.
    expect(preview.total).toBe(0);
    expect(preview.nextCycle?.total).toBe(108);
    expect(session.discounts).toEqual([expect.objectContaining({ coupon: coupon.id })]);
    expect(session.metadata).toMatchObject({ equinox_custom_price: "4500", equinox_quantity: "3", equinox_ends_at: new Date(endsAt).toISOString() });
    const lines = await testStripe().checkout.sessions.listLineItems(sessionId);
    expect(lines.data).toHaveLength(1);
    expect(lines.data[0]).toMatchObject({ quantity: 3, currency: "usd", price: expect.objectContaining({ unit_amount: 4500, recurring: expect.objectContaining({ interval: "month" }) }) });

    await pay(answer.paymentUrl!);

    const cp = await db().customerPlan.findFirstOrThrow({ where: { customerId: customer.id }, include: { grants: true } });
    expect(cp).toMatchObject({ status: "active", customPriceAmount: 4500, quantity: 3, billingMode: "checkout", stripeSubscriptionId: expect.stringMatching(/^sub_/) });
    expect(cp.endsAt?.getTime()).toBe(endsAt);
    expect(Math.round((cp.trialEndsAt!.getTime() - Date.now()) / DAY)).toBe(14);
    expect(cp.discounts).toEqual([expect.objectContaining({ id: coupon.id, percent_off: 20 })]);
    expect(cp.grants.find((g) => g.featurePk === seats.pk)?.granted).toBe(3);

    // Stripe bills the same terms: a trialing subscription at 3 × $45 with the coupon on it.
    const subscription = await testStripe().subscriptions.retrieve(cp.stripeSubscriptionId!);
    expect(subscription.status).toBe("trialing");
    expect(subscription.items.data[0]).toMatchObject({ quantity: 3, price: expect.objectContaining({ unit_amount: 4500 }) });
    expect(subscription.discounts).toHaveLength(1);
    // What Checkout charged today is what the preview said: the trial's first invoice, $0.
    const invoices = await testStripe().invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((invoice) => invoice.total)).toEqual([preview.total * 100]);
  });

  it("preview_attach says what Checkout charges: 3 × $45 less a promotion code's 20% = $108", async () => {
    const { seats, pro, customer, customerId } = await proAndCustomer();
    const coupon = await testStripe().coupons.create({ percent_off: 20, duration: "once" });
    const code = unique("SPRING").toUpperCase();
    await testStripe().promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code });
    const terms = {
      customerId,
      planId: pro.id,
      customize: { price: { amount: 45, interval: "month" as const } },
      featureQuantities: [{ featureId: seats.id, quantity: 3 }],
      discounts: [{ promotionCode: code }],
    };

    const preview = await autumn.billing.previewAttach(terms);
    expect(preview).toMatchObject({ redirectToCheckout: true, checkoutType: "stripe_checkout", total: 108 });

    const answer = await autumn.billing.attach({ ...terms, successUrl: "http://127.0.0.1/done" });
    const session = await testStripe().checkout.sessions.retrieve(sessionIdOf(answer.paymentUrl!));
    expect(session.discounts).toEqual([expect.objectContaining({ promotion_code: expect.stringMatching(/^promo_/) })]);
    expect(session.amount_total).toBe(preview.total * 100);

    await pay(answer.paymentUrl!);
    const cp = await db().customerPlan.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(cp).toMatchObject({ status: "active", customPriceAmount: 4500, quantity: 3, trialEndsAt: null, endsAt: null });
  });

  it("two discounts are refused before anything changes: Checkout applies one per session", async () => {
    const { pro, customer, customerId } = await proAndCustomer();
    const first = await testStripe().coupons.create({ percent_off: 10, duration: "once" });
    const second = await testStripe().coupons.create({ percent_off: 5, duration: "once" });
    const error = await autumn.billing.attach({ customerId, planId: pro.id, discounts: [{ rewardId: first.id }, { rewardId: second.id }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AutumnError);
    expect((error as AutumnError).statusCode).toBe(501);
    expect(JSON.parse((error as AutumnError).body)).toMatchObject({ code: "not_supported" });
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
  });
});
