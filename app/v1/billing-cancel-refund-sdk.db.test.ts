// billing.update cancel_immediately with refund_last_payment, through the official SDK (autumn-js)
// against the emulator: the plan ends at once, its subscription is cancelled, and its last payment
// is refunded (all of it, or the unused part of its period, as previewed) by the outbox, once.
// And the parameters of Autumn's billing.update that Equinox does not carry out are refused by
// name, never silently ignored.
import { describe, expect, it } from "vitest";
import { runOnOwnDatabase } from "@/tests/factories/entitlements";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import { payHostedCheckout, testEmulator, testStripe } from "@/tests/factories/billing";
import { cardPlanAwaitingPayment, refundsOf } from "@/tests/factories/card-billing";
import { planLadder, planRow, startAndPay } from "@/tests/factories/invoice-billing";
import { db } from "@/lib/db";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { queueRefundLastPayment, REFUND_LAST_PAYMENT_JOB } from "@/lib/billing/lifecycle/billing-jobs";
import { startCardPayment } from "@/lib/billing/lifecycle/start-card-payment";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import { previewUpdate, updateCustomerPlanBilling } from "@/lib/billing/changes/update-customer-plan-billing";
import { systemCtx } from "@/lib/context";
import * as billingAttach from "./billing.attach/route";
import * as billingUpdate from "./billing.update/route";
import * as billingPreviewUpdate from "./billing.preview_update/route";

runOnOwnDatabase("billing-cancel-refund");

const { autumn } = await setupSdkApi(
  { "billing.attach": billingAttach, "billing.update": billingUpdate, "billing.preview_update": billingPreviewUpdate },
  { webhooks: (request) => handleStripeWebhook(request) },
);

/** A card-billed plan ($42/month negotiated) the customer paid for through Checkout. */
async function paidByCard() {
  const { customer, plan, customerPlan, portal } = await cardPlanAwaitingPayment();
  const checkout = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/paid" });
  expect((await payHostedCheckout(checkout.url)).status).toBe(303);
  await testEmulator().flushWebhooks();
  const paid = await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } });
  expect(paid).toMatchObject({ status: "active", billingState: "active" });
  return { customerId: customer.externalId!, plan, customerPlan: paid, subscriptionId: paid.stripeSubscriptionId! };
}

const refundJob = (customerPlanId: string) => runOutboxOnce({ dedupeKeys: [`${REFUND_LAST_PAYMENT_JOB}:${customerPlanId}`] });

describe("cancel_immediately with refund_last_payment", () => {
  it("full: the plan ends, the subscription is cancelled, the whole payment comes back once", async () => {
    const { customerId, plan, customerPlan, subscriptionId } = await paidByCard();
    const params = { customerId, planId: plan.id, cancelAction: "cancel_immediately" as const, refundLastPayment: "full" as const };
    const preview = await autumn.billing.previewUpdate(params);
    expect(preview).toMatchObject({ intent: "cancel_immediately", total: -42 });

    await autumn.billing.update(params);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).toMatchObject({ status: "canceled" });
    expect(await refundJob(customerPlan.id)).toMatchObject({ done: 1 });
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscriptionId}`] });
    expect((await testStripe().subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    expect((await refundsOf(subscriptionId)).map((refund) => [refund.amount, refund.reason, refund.status])).toEqual([[4200, "requested_by_customer", "succeeded"]]);
  });

  it("prorated: the unused part of the period, as previewed; without refund_last_payment nothing comes back", async () => {
    const { customerId, plan, customerPlan, subscriptionId } = await paidByCard();
    // Ten days into the period: Equinox's clock (the domain functions' now), not the emulator's.
    const now = new Date(customerPlan.currentPeriodStart!.getTime() + 10 * 86_400_000);
    const input = { customer_id: customerId, plan_id: plan.id, cancel_action: "cancel_immediately" as const, refund_last_payment: "prorated" as const };
    const preview = await previewUpdate(systemCtx("sandbox", "test"), input, { now });
    const span = customerPlan.currentPeriodEnd!.getTime() - customerPlan.currentPeriodStart!.getTime();
    expect(preview.total).toBeCloseTo(-42 * (1 - (10 * 86_400_000) / span), 1);

    await updateCustomerPlanBilling(systemCtx("sandbox", "test"), input, { now });
    expect(await refundJob(customerPlan.id)).toMatchObject({ done: 1 });
    const [refund] = await refundsOf(subscriptionId);
    expect(refund!.amount / 100).toBeCloseTo(-preview.total, 1);
    // The same job run again (a retry after a crash between Stripe's refund and the job's completion): nothing more.
    await db().$transaction((tx) => queueRefundLastPayment(tx, "sandbox", { customerPlanId: `${customerPlan.id}-again`, subscriptionId, mode: "prorated", at: now.toISOString() }));
    await refundJob(`${customerPlan.id}-again`);
    expect(await refundsOf(subscriptionId)).toHaveLength(1);

    const other = await paidByCard();
    await autumn.billing.update({ customerId: other.customerId, planId: other.plan.id, cancelAction: "cancel_immediately" });
    expect(await refundJob(other.customerPlan.id)).toMatchObject({ done: 0 });
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${other.subscriptionId}`] });
    expect(await refundsOf(other.subscriptionId)).toEqual([]);
  });

  it("refused without cancel_immediately, before anything changes", async () => {
    const { customerId, plan, customerPlan } = await paidByCard();
    const error = await sdkError(autumn.billing.update({ customerId, planId: plan.id, cancelAction: "cancel_end_of_cycle", refundLastPayment: "full" }));
    expect(error).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
    // The end customer (the portal's ctx) cannot refund themselves, whatever they send.
    const portal = { env: "sandbox" as const, actor: { kind: "end_customer" as const, userId: customerId, email: null } };
    const own = await updateCustomerPlanBilling(portal, { customer_id: customerId, plan_id: plan.id, cancel_action: "cancel_immediately", refund_last_payment: "full" }).catch((e: unknown) => e);
    expect(own).toMatchObject({ code: "forbidden" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false });
  });
});

describe("billing.update parameters Equinox does not carry out", () => {
  it("are refused by name (not_supported), the plan unchanged; invoice_mode is accepted when it says how the plan is billed", async () => {
    const { customer, customerId, pro, seats } = await planLadder();
    await autumn.billing.attach({ customerId, planId: pro.id, invoiceMode: { enabled: true, enablePlanImmediately: true } });
    const proRow = await planRow(customer.id, pro.pk);
    await startAndPay([proRow.id]);

    for (const [field, extra] of [
      ["no_billing_changes", { noBillingChanges: true }],
      ["billing_cycle_anchor", { billingCycleAnchor: "now" }],
      ["free_trial", { freeTrial: { durationLength: 7, durationType: "day" as const } }],
      ["invoice_mode", { invoiceMode: { enabled: false } }],
    ] as const) {
      const error = await sdkError(autumn.billing.update({ customerId, planId: pro.id, featureQuantities: [{ featureId: seats.id, quantity: 2 }], ...extra }));
      expect(error).toMatchObject({ body: { code: "not_supported", message: expect.stringContaining(field) } });
    }
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ quantity: 1 });

    // What the plan already is (invoice, the default 30 days' terms) and values that ask for nothing are accepted.
    await autumn.billing.update({ customerId, planId: pro.id, featureQuantities: [{ featureId: seats.id, quantity: 2 }], invoiceMode: { enabled: true, netTermsDays: 30 }, noBillingChanges: false });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ quantity: 2 });
    // Nothing was paid through Stripe for a plan billed elsewhere: no refund to promise.
    const { customer: other, customerId: otherId, basic } = await planLadder();
    await autumn.billing.attach({ customerId: otherId, planId: basic.id, invoiceMode: { enabled: true, enablePlanImmediately: true } });
    await db().customerPlan.updateMany({ where: { customerId: other.id }, data: { billingMode: "elsewhere", billingState: "active" } });
    const refused = await sdkError(autumn.billing.update({ customerId: otherId, planId: basic.id, cancelAction: "cancel_immediately", refundLastPayment: "full" }));
    expect(refused).toMatchObject({ status: 400, body: { code: "invalid_request", message: expect.stringContaining("not paid through Stripe") } });
  });
});
