// billing.preview_attach credits unused time on the outgoing plan only when Stripe billed it through
// a subscription (issue 18): a paid plan billed elsewhere, a free plan, or one still awaiting its
// first payment gives no credit, and the preview matches what billing.attach then bills. Through
// autumn-js, against the emulator.
import { describe, expect, it } from "vitest";
import { createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { createStripeTestCustomer, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import * as billingAttach from "./billing.attach/route";
import * as previewAttachRoute from "./billing.preview_attach/route";

const { autumn } = await setupSdkApi({ "billing.attach": billingAttach, "billing.preview_attach": previewAttachRoute });

/** A customer on `basic` ($30/month or free), with `pro` ($60/month) in the same group. */
async function customerOnBasic(basicAmount: number) {
  const group = unique("grp");
  const seats = await createTestFeature({ type: "continuous_use" });
  const basic = await createTestPlan({ planId: unique("basic"), group, ...(basicAmount > 0 ? { price: { amount: basicAmount, interval: "month" as const } } : {}), items: [{ featureId: seats.id, included: 1 }] });
  const pro = await createTestPlan({ planId: unique("pro"), group, price: { amount: 6000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const customer = await createTestCustomer();
  const enabled = await enableTestPlan(customer.id, basic.id);
  return { customer, customerId: customer.externalId!, basic, pro, customerPlanId: enabled.customerPlan.id };
}

/** Links the customer plan to a send_invoice subscription in the emulator, in `billingState`. */
async function linkSubscription(customerId: string, customerPlanId: string, billingState: string) {
  const stripeCustomer = await createStripeTestCustomer();
  await db().customer.update({ where: { id: customerId }, data: { stripeId: stripeCustomer.id } });
  const product = await testStripe().products.create({ name: "Basic" });
  const subscription = await testStripe().subscriptions.create({
    customer: stripeCustomer.id,
    collection_method: "send_invoice",
    days_until_due: 30,
    items: [{ price_data: { currency: "usd", product: product.id, unit_amount: 3000, recurring: { interval: "month" } } }],
  });
  const item = subscription.items.data[0]!;
  await db().customerPlan.update({
    where: { id: customerPlanId },
    data: {
      stripeSubscriptionId: subscription.id,
      billingMode: "invoice",
      billingState,
      currentPeriodStart: new Date(item.current_period_start * 1000),
      currentPeriodEnd: new Date(item.current_period_end * 1000),
    },
  });
  return subscription;
}

const credits = <L extends { total: number }>(lines: L[]) => lines.filter((line) => line.total < 0);

describe("billing.preview_attach credits only what Stripe billed", () => {
  it("a plan billed through its Stripe subscription: the unused time is credited, and attach bills the same", async () => {
    const { customer, customerId, basic, pro, customerPlanId } = await customerOnBasic(3000);
    await linkSubscription(customer.id, customerPlanId, "active");
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id });
    expect(credits(preview.lineItems).map((line) => line.planId)).toEqual([basic.id]);
    const answer = await autumn.billing.attach({ customerId, planId: pro.id });
    expect(answer.invoice!.total).toBeCloseTo(preview.total, 0);
  });

  it("a paid plan billed elsewhere (no Stripe subscription): no credit; attach sends the customer to Checkout for the full price", async () => {
    const { customerId, pro } = await customerOnBasic(3000);
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id });
    expect(credits(preview.lineItems)).toEqual([]);
    expect(preview.lineItems.map((line) => [line.planId, line.total])).toEqual([[pro.id, 60]]);
    expect(preview).toMatchObject({ total: 60, redirectToCheckout: true });

    const answer = await autumn.billing.attach({ customerId, planId: pro.id });
    const sessionId = new URL(answer.paymentUrl!).pathname.split("/").pop()!;
    expect((await testStripe().checkout.sessions.retrieve(sessionId)).amount_total).toBe(6000);
  });

  it("a free plan: no credit", async () => {
    const { customerId, pro } = await customerOnBasic(0);
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id });
    expect(credits(preview.lineItems)).toEqual([]);
    expect(preview.total).toBe(60);
  });

  it("a plan whose subscription awaits its first payment: no credit, and attach changes the subscription without one", async () => {
    const { customer, customerId, pro, customerPlanId } = await customerOnBasic(3000);
    const subscription = await linkSubscription(customer.id, customerPlanId, "awaiting_payment");
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id });
    expect(credits(preview.lineItems)).toEqual([]);
    expect(preview.total).toBe(0);

    const answer = await autumn.billing.attach({ customerId, planId: pro.id });
    // No new invoice: the answer names the subscription's latest, still its unpaid first one.
    expect(answer.invoice?.stripeId ?? subscription.latest_invoice).toBe(subscription.latest_invoice);
    const items = await testStripe().invoiceItems.list({ customer: subscription.customer as string });
    expect(items.data.filter((item) => item.amount < 0)).toEqual([]);
    expect((await testStripe().subscriptions.retrieve(subscription.id)).items.data[0]!.price.unit_amount).toBe(6000);
  });
});
