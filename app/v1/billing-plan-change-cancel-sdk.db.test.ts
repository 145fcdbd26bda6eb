// billing.update on a Stripe-billed plan while another plan of its group is scheduled, through the
// official SDK (autumn-js) against the emulator: canceling the scheduled plan lifts only a stop a
// downgrade to a free plan set (never the customer's own cancellation, nor for a plan staff
// scheduled from a later date), refuses when the scheduled plan is no longer scheduled (before
// Stripe is touched), and a switch at the period's end replacing a cancellation, or a paid
// downgrade, leaves nothing of it behind (audited; the item back at the running plan's price).
// Each plan starts as billing.attach with invoice_mode starts it: the outbox job makes the
// subscription, its first invoice is paid.
import { describe, expect, it } from "vitest";
import { enableTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { planLadder, planRow, startAndPay } from "@/tests/factories/invoice-billing";
import { testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import { updateCustomerPlanBilling } from "@/lib/billing/changes/update-customer-plan-billing";
import * as billingAttach from "./billing.attach/route";
import * as billingUpdate from "./billing.update/route";
import * as billingPreviewUpdate from "./billing.preview_update/route";

runOnOwnDatabase("billing-plan-change-cancel");

const { autumn } = await setupSdkApi({ "billing.attach": billingAttach, "billing.update": billingUpdate, "billing.preview_update": billingPreviewUpdate }, { webhooks: (request) => handleStripeWebhook(request) });

const DAY = 86_400_000;
const invoiceMode = { enabled: true, enablePlanImmediately: true };

/** A group with free, basic ($30/month), pro ($60/month) and max ($90/month), and a customer on pro, billed by invoice through a subscription whose first invoice is paid. */
async function onPro() {
  const { customer, customerId, free, basic, pro, max } = await planLadder();
  await autumn.billing.attach({ customerId, planId: pro.id, invoiceMode });
  const proRow = await planRow(customer.id, pro.pk);
  const subscription = await startAndPay(proRow.id);
  return { customer, customerId, free, basic, pro, max, proRow, subscription };
}

const itemsOf = async (subscriptionId: string) =>
  (await testStripe().subscriptions.retrieve(subscriptionId)).items.data.map((item) => [item.price.unit_amount, item.quantity]);

describe("canceling a plan scheduled in the running plan's group", () => {
  it("staff's plan scheduled from a later date, canceled: the customer's own cancellation at the period's end stands, in Stripe and Equinox", async () => {
    const { customer, customerId, pro, max, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: pro.id, cancelAction: "cancel_end_of_cycle" });
    const canceled = await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } });
    expect(canceled).toMatchObject({ cancelAtPeriodEnd: true });
    expect(canceled.canceledAt).not.toBeNull();
    const enterprise = (await enableTestPlan(customer.id, max.id, { startsAt: new Date(canceled.currentPeriodEnd!.getTime() + 30 * DAY) })).customerPlan;
    expect(enterprise).toMatchObject({ status: "scheduled" });

    await autumn.billing.update({ customerId, subscriptionId: enterprise.id, cancelAction: "cancel_immediately" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: enterprise.id } })).toMatchObject({ status: "canceled" });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ status: "active", cancel_at_period_end: true });
    expect(await itemsOf(subscription.id)).toEqual([[6000, 1]]);
    await testEmulator().flushWebhooks();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: true, canceledAt: expect.any(Date) });
    expect(await db().auditEvent.count({ where: { targetId: proRow.id, action: "customer_plan.uncanceled" } })).toBe(0);
  });

  it("a downgrade to a free plan started meanwhile: refused as already active, Stripe's stop at the period's end left as it was", async () => {
    const { customer, customerId, free, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: free.id });
    const freeRow = await planRow(customer.id, free.pk);
    const running = await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } });
    expect(freeRow).toMatchObject({ status: "scheduled", startsAt: running.currentPeriodEnd });
    expect((await testStripe().subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);

    // The request planned while the free plan was scheduled; by the time it locks, its start has come.
    const later = new Date(freeRow.startsAt.getTime() + 60_000);
    const error = await updateCustomerPlanBilling(systemCtx("sandbox", "test"), { customer_id: customerId, subscription_id: freeRow.id, cancel_action: "cancel_immediately" }, { now: later }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "invalid_inputs", message: expect.stringContaining("already active") });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at_period_end: true });
    expect(await db().auditEvent.count({ where: { targetId: proRow.id, action: "customer_plan.uncanceled" } })).toBe(0);
  });
});

describe("the running plan named while staff's plan of its group is scheduled from a later date", () => {
  it("not a downgrade: the later plan stays scheduled, and preview_update lists nothing outgoing", async () => {
    const { customer, customerId, pro, max, proRow, subscription } = await onPro();
    const running = await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } });
    const enterprise = (await enableTestPlan(customer.id, max.id, { startsAt: new Date(running.currentPeriodEnd!.getTime() + 30 * DAY) })).customerPlan;
    expect(enterprise).toMatchObject({ status: "scheduled" });

    const preview = await autumn.billing.previewUpdate({ customerId, planId: pro.id });
    expect(preview).toMatchObject({ intent: "none", total: 0, outgoing: [] });
    await autumn.billing.update({ customerId, planId: pro.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: enterprise.id } })).toMatchObject({ status: "scheduled" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false });
    expect(await itemsOf(subscription.id)).toEqual([[6000, 1]]);
  });

  it("canceled at the period's end: naming it still keeps it (the cancellation lifted), and only that; the later plan stays scheduled", async () => {
    const { customer, customerId, pro, max, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: pro.id, cancelAction: "cancel_end_of_cycle" });
    const canceled = await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } });
    const enterprise = (await enableTestPlan(customer.id, max.id, { startsAt: new Date(canceled.currentPeriodEnd!.getTime() + 30 * DAY) })).customerPlan;

    const preview = await autumn.billing.previewUpdate({ customerId, planId: pro.id });
    expect(preview).toMatchObject({ intent: "uncancel", total: 0, outgoing: [] });
    await autumn.billing.update({ customerId, planId: pro.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: enterprise.id } })).toMatchObject({ status: "scheduled" });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ status: "active", cancel_at_period_end: false });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false, canceledAt: null });
  });
});

describe("a switch at the period's end", () => {
  it("replacing the customer's cancellation: the running plan is taken back under the customer's lock and audited as customer_plan.uncanceled", async () => {
    const { customer, customerId, pro, basic, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: pro.id, cancelAction: "cancel_end_of_cycle" });
    const canceled = await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } });
    expect(canceled.canceledAt).not.toBeNull();

    await autumn.billing.update({ customerId, planId: basic.id });
    expect(await planRow(customer.id, basic.pk)).toMatchObject({ status: "scheduled", stripeSubscriptionId: subscription.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false, canceledAt: null, endsAt: null });
    const audits = await db().auditEvent.findMany({ where: { targetId: proRow.id, action: "customer_plan.uncanceled" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ customerId: customer.id, before: { planId: pro.id }, after: { planId: pro.id, canceledAt: null, endsAt: null } });
    expect((audits[0]!.before as { canceledAt: unknown }).canceledAt).not.toBeNull();
  });

  it("a downgrade to a free plan replacing a scheduled paid downgrade: the item bills the running plan again, so keeping it renews at its own price", async () => {
    const { customer, customerId, basic, free, pro, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: basic.id });
    const basicRow = await planRow(customer.id, basic.pk);
    expect(await itemsOf(subscription.id)).toEqual([[3000, 1]]);

    await autumn.billing.update({ customerId, planId: free.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).toMatchObject({ status: "canceled" });
    expect(await planRow(customer.id, free.pk)).toMatchObject({ status: "scheduled" });
    expect(await itemsOf(subscription.id)).toEqual([[6000, 1]]);
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at_period_end: true, metadata: { equinox_customer_plan_id: proRow.id, equinox_plan_id: pro.id } });
    // The dropped downgrade's end (the outbox) leaves the running plan's item alone.
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription.id}`] });

    // Kept: it renews as pro, at pro's price.
    await autumn.billing.update({ customerId, planId: pro.id });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ status: "active", cancel_at: null, cancel_at_period_end: false });
    expect(await itemsOf(subscription.id)).toEqual([[6000, 1]]);
  });
});
