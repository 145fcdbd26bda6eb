// billing.attach / multi_attach (and their previews) with invoice_mode through the official SDK
// (autumn-js 1.3.13), on the same terms as the Checkout path: units, a coupon, a free trial, a
// downgrade at the period's end, several plans on one subscription, a contract's end. The outbox
// job creates the Stripe subscription in the test file's emulator, its webhooks come back to the
// app's route, and each preview's figures are checked against the invoice Stripe then bills.
import { describe, expect, it } from "vitest";
import { createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, createTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import { invoicesOf, planRow, startBilling } from "@/tests/factories/invoice-billing";
import { testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { applyDueChanges } from "@/lib/plans/apply-due-changes";
import { START_BILLING_JOB } from "@/lib/billing/lifecycle/billing-jobs";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import * as billingAttach from "./billing.attach/route";
import * as previewAttachRoute from "./billing.preview_attach/route";
import * as billingUpdate from "./billing.update/route";
import * as multiAttachRoute from "./billing.multi_attach/route";
import * as previewMultiAttachRoute from "./billing.preview_multi_attach/route";

runOnOwnDatabase("billing-invoice-mode");

const { autumn } = await setupSdkApi({
  "billing.attach": billingAttach,
  "billing.preview_attach": previewAttachRoute,
  "billing.update": billingUpdate,
  "billing.multi_attach": multiAttachRoute,
  "billing.preview_multi_attach": previewMultiAttachRoute,
}, { webhooks: (request) => handleStripeWebhook(request) });

const DAY_S = 86_400;
const invoiceMode = { enabled: true, enablePlanImmediately: true };

/** A group with basic ($30/month) and pro ($60/month), a seats feature, and a customer on nothing yet. */
async function setup() {
  const group = unique("grp");
  const seats = await createTestFeature({ type: "continuous_use" });
  const basic = await createTestPlan({ planId: unique("basic"), group, price: { amount: 3000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const pro = await createTestPlan({ planId: unique("pro"), group, price: { amount: 6000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const customer = await createTestCustomer();
  return { customer, customerId: customer.externalId!, basic, pro, seats };
}

describe("invoice_mode bills the attach's terms (preview = the first invoice)", () => {
  it("feature_quantities: 3 units on the customer plan and the subscription item; the invoice bills 3 × the unit price", async () => {
    const { customer, customerId, pro, seats } = await setup();
    const params = { customerId, planId: pro.id, invoiceMode, featureQuantities: [{ featureId: seats.id, quantity: 3 }] };
    const preview = await autumn.billing.previewAttach(params);
    expect(preview.total).toBe(180);
    expect(preview.redirectToCheckout).toBe(false);

    expect(await autumn.billing.attach(params)).toEqual({ customerId, paymentUrl: null });
    const cp = await planRow(customer.id, pro.pk);
    expect(cp).toMatchObject({ quantity: 3, billingMode: "invoice", billingState: "starting", status: "active" });
    const subscription = await startBilling(cp.id);
    expect(subscription).toMatchObject({ collection_method: "send_invoice" });
    expect(subscription.items.data.map((item) => [item.quantity, item.price.unit_amount])).toEqual([[3, 6000]]);
    const [invoice] = await invoicesOf(subscription.id);
    expect(invoice!.total).toBe(preview.total * 100);
    expect(invoice!.total).toBe(18_000);
  });

  it("a coupon: on the subscription, the invoice discounted as the preview said; kept on the customer plan", async () => {
    const { customer, customerId, pro } = await setup();
    const coupon = await testStripe().coupons.create({ percent_off: 25, duration: "forever", name: "Quarter off" });
    const params = { customerId, planId: pro.id, invoiceMode, discounts: [{ rewardId: coupon.id }] };
    const preview = await autumn.billing.previewAttach(params);
    expect(preview.lineItems[0]).toMatchObject({ subtotal: 60, total: 45 });
    expect(preview.total).toBe(45);

    await autumn.billing.attach(params);
    const cp = await planRow(customer.id, pro.pk);
    expect(cp.discounts).toEqual([expect.objectContaining({ id: coupon.id, percent_off: 25, stripe: { coupon: coupon.id } })]);
    const subscription = await startBilling(cp.id);
    expect(subscription.discounts).toHaveLength(1);
    const [invoice] = await invoicesOf(subscription.id);
    expect(invoice!.subtotal).toBe(6000);
    expect(invoice!.total).toBe(preview.total * 100);
  });

  it("a contract that ends: the subscription stops at the contract's end (cancel_at), as Equinox ends the plan", async () => {
    const { customer, customerId, pro } = await setup();
    const endsAt = (Math.floor(testEmulator().now() / DAY_S) + 120) * DAY_S * 1000;
    await autumn.billing.attach({ customerId, planId: pro.id, invoiceMode, endsAt });
    const cp = await planRow(customer.id, pro.pk);
    expect(cp).toMatchObject({ onContractEnd: "end" });
    const subscription = await startBilling(cp.id);
    expect(subscription.cancel_at).toBe(endsAt / 1000);
    expect((await planRow(customer.id, pro.pk)).endsAt?.getTime()).toBe(endsAt);

    // Canceled at the period's end, then kept: Stripe stops at the contract's end again, not never.
    await autumn.billing.update({ customerId, planId: pro.id, cancelAction: "cancel_end_of_cycle" });
    const canceled = await testStripe().subscriptions.retrieve(subscription.id);
    expect(canceled.cancel_at_period_end).toBe(true);
    await autumn.billing.update({ customerId, planId: pro.id, cancelAction: "uncancel" });
    const kept = await testStripe().subscriptions.retrieve(subscription.id);
    expect(kept).toMatchObject({ cancel_at_period_end: false, cancel_at: endsAt / 1000 });
    await testEmulator().flushWebhooks();
    // Stopping at the contract's end is its term, not a cancellation.
    expect(await planRow(customer.id, pro.pk)).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: null });
    expect((await planRow(customer.id, pro.pk)).endsAt?.getTime()).toBe(endsAt);
  });
});

describe("multi_attach with invoice_mode: one subscription, one invoice", () => {
  it("one item per plan; paying the one invoice activates every plan; ending one plan removes only its item", async () => {
    const { customer, customerId, basic, pro } = await setup();
    const seats = await createTestFeature({ type: "continuous_use" });
    const addon = await createTestPlan({ planId: unique("addon"), isAddOn: true, price: { amount: 1500, interval: "month" }, items: [{ featureId: seats.id, included: 2 }] });
    const params = { customerId, plans: [{ planId: pro.id }, { planId: addon.id, featureQuantities: [{ featureId: seats.id, quantity: 4 }] }], invoiceMode: { enabled: true } };
    const preview = await autumn.billing.previewMultiAttach(params);
    expect(preview.total).toBe(90);

    await autumn.billing.multiAttach(params);
    const proRow = await planRow(customer.id, pro.pk);
    const addonRow = await planRow(customer.id, addon.pk);
    // 4 seats at 2 included per unit: 2 units. Both wait for the payment (enable_plan_immediately is off), billed together.
    expect([proRow.billingState, addonRow.billingState]).toEqual(["starting", "starting"]);
    const jobs = await runOutboxOnce({ dedupeKeys: [`${START_BILLING_JOB}:${proRow.id}`, `${START_BILLING_JOB}:${addonRow.id}`] });
    expect(jobs).toMatchObject({ done: 1 });
    await testEmulator().flushWebhooks();
    const linked = await db().customerPlan.findMany({ where: { id: { in: [proRow.id, addonRow.id] } } });
    expect(new Set(linked.map((row) => row.stripeSubscriptionId)).size).toBe(1);
    const subscriptionId = linked[0]!.stripeSubscriptionId!;
    expect(subscriptionId).toMatch(/^sub_/);
    const subscription = await testStripe().subscriptions.retrieve(subscriptionId);
    expect(subscription.items.data.map((item) => [item.price.unit_amount, item.quantity]).sort()).toEqual([
      [1500, 2],
      [6000, 1],
    ]);
    expect((await testStripe().subscriptions.list({ customer: subscription.customer as string })).data).toHaveLength(1);
    const invoices = await invoicesOf(subscriptionId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]!.total).toBe(preview.total * 100);

    await testStripe().invoices.pay(invoices[0]!.id!, { paid_out_of_band: true });
    await testEmulator().flushWebhooks();
    for (const id of [proRow.id, addonRow.id]) expect(await db().customerPlan.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "active", billingState: "active" });

    // Pro is downgraded to basic at the period's end: pro's item takes basic's price and names basic.
    await autumn.billing.attach({ customerId, planId: basic.id, invoiceMode });
    const basicRow = await planRow(customer.id, basic.pk);
    expect(basicRow).toMatchObject({ status: "scheduled", stripeSubscriptionId: subscriptionId });
    const switched = await testStripe().subscriptions.retrieve(subscriptionId);
    expect(switched.items.data.map((item) => [item.price.unit_amount, item.metadata.equinox_customer_plan_id]).sort()).toEqual([
      [1500, addonRow.id],
      [3000, basicRow.id],
    ]);

    // The add-on is cancelled: its item goes, the other stays on the same live subscription.
    await autumn.billing.update({ customerId, planId: addon.id, cancelAction: "cancel_immediately" });
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscriptionId}`] })).toMatchObject({ done: 1 });
    const after = await testStripe().subscriptions.retrieve(subscriptionId);
    expect(after.status).toBe("active");
    expect(after.items.data.map((item) => item.price.unit_amount)).toEqual([3000]);
  });

  it("plans of different billing intervals cannot share one subscription: invalid_inputs naming them, nothing enabled", async () => {
    const { customer, customerId, pro } = await setup();
    const yearly = await createTestPlan({ planId: unique("yearly"), isAddOn: true, price: { amount: 10_000, interval: "year" } });
    const params = { customerId, plans: [{ planId: pro.id }, { planId: yearly.id }], invoiceMode };
    // One call at a time: a second call started before the first is awaited rejects unhandled.
    for (const call of [() => autumn.billing.previewMultiAttach(params), () => autumn.billing.multiAttach(params)]) {
      const { status, body } = await sdkError(call());
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: "invalid_inputs" });
      expect(body.message).toEqual(expect.stringContaining(pro.id));
      expect(body.message).toEqual(expect.stringContaining(yearly.id));
    }
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
  });
});

// These move the emulator's clock (it only goes forward): kept last in the file.
describe("invoice_mode over time", () => {
  it("a free trial: active (trialing) at once, $0 now, the first real invoice when the trial ends", async () => {
    const { customer, customerId, pro } = await setup();
    const params = { customerId, planId: pro.id, invoiceMode: { enabled: true }, freeTrial: { durationLength: 14, durationType: "day" as const } };
    const preview = await autumn.billing.previewAttach(params);
    expect(preview.total).toBe(0);
    expect(preview.nextCycle?.total).toBe(60);

    await autumn.billing.attach(params);
    const cp = await planRow(customer.id, pro.pk);
    // Nothing to pay first: active at once even though enable_plan_immediately was not asked.
    expect(cp).toMatchObject({ status: "active", activateOnPayment: false });
    const subscription = await startBilling(cp.id);
    expect(subscription.status).toBe("trialing");
    expect(subscription.trial_end).toBe(Math.floor(cp.trialEndsAt!.getTime() / 1000));
    const [first] = await invoicesOf(subscription.id);
    expect(first!.total).toBe(preview.total * 100);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: cp.id } })).toMatchObject({ status: "active", billingState: "active" });
    expect((await db().customerPlan.findUniqueOrThrow({ where: { id: cp.id } })).trialEndsAt?.getTime()).toBe(subscription.trial_end! * 1000);

    testEmulator().advanceClock({ to: subscription.trial_end! + 2 * 3600 });
    await testEmulator().flushWebhooks();
    const invoices = await invoicesOf(subscription.id);
    expect(invoices).toHaveLength(2);
    expect(invoices[1]!.total).toBe(preview.nextCycle!.total * 100);
    expect((await testStripe().subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("a downgrade at the period's end: scheduled; the subscription bills the new price from the next invoice, no proration", async () => {
    const { customer, customerId, basic, pro } = await setup();
    await autumn.billing.attach({ customerId, planId: pro.id, invoiceMode });
    const proRow = await planRow(customer.id, pro.pk);
    const subscription = await startBilling(proRow.id);
    const [first] = await invoicesOf(subscription.id);
    await testStripe().invoices.pay(first!.id, { paid_out_of_band: true });
    await testEmulator().flushWebhooks();
    const periodEnd = (await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).currentPeriodEnd!;

    const params = { customerId, planId: basic.id, invoiceMode };
    const preview = await autumn.billing.previewAttach(params);
    expect(preview.total).toBe(0);
    expect(preview.nextCycle).toMatchObject({ startsAt: periodEnd.getTime(), total: 30 });
    expect(await autumn.billing.attach(params)).toEqual({ customerId, paymentUrl: null });

    const basicRow = await planRow(customer.id, basic.pk);
    expect(basicRow).toMatchObject({ status: "scheduled", stripeSubscriptionId: subscription.id });
    expect(basicRow.startsAt.getTime()).toBe(periodEnd.getTime());
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active" });
    // No proration, no new subscription: still one invoice, one subscription.
    expect(await invoicesOf(subscription.id)).toHaveLength(1);
    expect((await testStripe().subscriptions.list({ customer: subscription.customer as string })).data).toHaveLength(1);

    testEmulator().advanceClock({ to: Math.floor(periodEnd.getTime() / 1000) + 2 * 3600 });
    await testEmulator().flushWebhooks();
    const invoices = await invoicesOf(subscription.id);
    expect(invoices).toHaveLength(2);
    expect(invoices[1]!.total).toBe(preview.nextCycle!.total * 100);
    // In Equinox the switch happens at the period's end (the plans area's due changes).
    await applyDueChanges("sandbox", [customer.id], new Date(periodEnd.getTime() + 1000));
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).toMatchObject({ status: "active" });
    expect((await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).status).not.toBe("active");
    expect((await testStripe().subscriptions.retrieve(subscription.id)).status).toBe("active");
  });
});
