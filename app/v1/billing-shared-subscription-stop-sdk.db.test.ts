// One plan of a Stripe subscription that bills several (billing.multi_attach with invoice_mode: one
// item per plan, each naming its customer plan) stops at the period's end — canceled at the end
// of the cycle, or downgraded to a free plan — through the official SDK (autumn-js) against the
// emulator. Its item goes (no proration: the period is paid); the subscription itself never stops,
// since cancel_at_period_end would stop the other plans too. Kept again, the item comes back.
import { describe, expect, it } from "vitest";
import { runOnOwnDatabase } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { invoicesOf, planRow } from "@/tests/factories/invoice-billing";
import { itemsOf, onAddonAndBasic as addonAndBasic } from "@/tests/factories/shared-subscription";
import { testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { runContractsOnce } from "@/lib/billing/contracts/run-contracts";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import * as billingUpdate from "./billing.update/route";
import * as previewUpdate from "./billing.preview_update/route";
import * as multiAttachRoute from "./billing.multi_attach/route";

runOnOwnDatabase("billing-shared-subscription-stop");

const { autumn } = await setupSdkApi(
  { "billing.update": billingUpdate, "billing.preview_update": previewUpdate, "billing.multi_attach": multiAttachRoute },
  { webhooks: (request) => handleStripeWebhook(request) },
);

const rowOf = (id: string) => db().customerPlan.findUniqueOrThrow({ where: { id } });
const subscriptionOf = (id: string) => testStripe().subscriptions.retrieve(id);
const onAddonAndBasic = () => addonAndBasic(autumn);

/** The subscription goes on, billing the add-on; basic's item is gone and the subscription is not stopped. */
async function expectOnlyAddonBills(subscriptionId: string, addonRowId: string) {
  expect(await subscriptionOf(subscriptionId)).toMatchObject({ status: "active", cancel_at: null, cancel_at_period_end: false });
  expect(await itemsOf(subscriptionId)).toEqual([{ amount: 1500, plan: addonRowId }]);
}

describe("one plan of a shared subscription stops at the period's end: its item goes, the subscription goes on", () => {
  it("a downgrade to a free plan: basic runs to the period's end (webhooks do not lift it), the add-on keeps billing", async () => {
    const { customer, customerId, free, addonRow, basicRow, subscription, periodEnd } = await onAddonAndBasic();
    const before = (await invoicesOf(subscription.id)).length;
    await autumn.billing.update({ customerId, planId: free.id });
    await testEmulator().flushWebhooks();

    await expectOnlyAddonBills(subscription.id, addonRow.id);
    expect((await invoicesOf(subscription.id)).length).toBe(before);
    const basic = await rowOf(basicRow.id);
    expect(basic).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    expect(basic.endsAt?.getTime()).toBe(periodEnd.getTime());
    expect(await rowOf(addonRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: false, endsAt: null, canceledAt: null });
    const freeRow = await planRow(customer.id, free.pk);
    expect(freeRow).toMatchObject({ status: "scheduled" });
    expect(freeRow.startsAt.getTime()).toBe(periodEnd.getTime());
  });

  it("kept after the free downgrade: the item comes back at basic's price, named for it, with nothing invoiced now", async () => {
    const { customer, customerId, free, basic, addonRow, basicRow, subscription } = await onAddonAndBasic();
    await autumn.billing.update({ customerId, planId: free.id });
    const before = (await invoicesOf(subscription.id)).length;

    await autumn.billing.update({ customerId, planId: basic.id });
    await testEmulator().flushWebhooks();
    expect(await subscriptionOf(subscription.id)).toMatchObject({ status: "active", cancel_at_period_end: false });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 3000, plan: basicRow.id },
    ]);
    expect((await invoicesOf(subscription.id)).length).toBe(before);
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: false, endsAt: null });
    expect(await planRow(customer.id, free.pk)).toMatchObject({ status: "canceled" });
  });

  it("canceled at the end of the cycle, then taken back: the item goes, then comes back; the add-on is never touched", async () => {
    const { customerId, basic, addonRow, basicRow, subscription, periodEnd } = await onAddonAndBasic();
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    await testEmulator().flushWebhooks();
    await expectOnlyAddonBills(subscription.id, addonRow.id);
    const canceled = await rowOf(basicRow.id);
    expect(canceled).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    expect(canceled.canceledAt).not.toBeNull();
    expect(canceled.endsAt?.getTime()).toBe(periodEnd.getTime());
    expect(await rowOf(addonRow.id)).toMatchObject({ cancelAtPeriodEnd: false, endsAt: null, canceledAt: null });

    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" });
    await testEmulator().flushWebhooks();
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 3000, plan: basicRow.id },
    ]);
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: false, canceledAt: null, endsAt: null });
  });

  it("an upgrade after the free downgrade: the item comes back and moves to pro, crediting basic's paid period as without the downgrade", async () => {
    const { customer, customerId, free, pro, addonRow, subscription } = await onAddonAndBasic();
    const params = { customerId, planId: pro.id };
    const undisturbed = await autumn.billing.previewUpdate(params);
    await autumn.billing.update({ customerId, planId: free.id });

    const answer = await autumn.billing.update(params);
    await testEmulator().flushWebhooks();
    const proRow = await planRow(customer.id, pro.pk);
    expect(proRow).toMatchObject({ status: "active", stripeSubscriptionId: subscription.id });
    expect(await subscriptionOf(subscription.id)).toMatchObject({ cancel_at_period_end: false });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 6000, plan: proRow.id },
    ]);
    // Charged the difference for the rest of the period, not pro's whole price: basic's paid time is credited.
    expect(answer.invoice?.total).toBe(undisturbed.total);
    expect(undisturbed.total).toBeGreaterThan(0);
    expect(undisturbed.total).toBeLessThan(60);
    expect(await planRow(customer.id, free.pk)).toMatchObject({ status: "canceled" });
  });

  it("the free downgrade canceled: the stop it set goes (basic's item back); a cancellation of the customer's own before it stays", async () => {
    const { customer, customerId, free, basic, addonRow, basicRow, subscription } = await onAddonAndBasic();
    await autumn.billing.update({ customerId, planId: free.id });
    expect(await rowOf(basicRow.id)).toMatchObject({ cancelAtPeriodEnd: true, stopsForDowngrade: true });
    const freeRow = await planRow(customer.id, free.pk);
    await autumn.billing.update({ customerId, subscriptionId: freeRow.id, cancelAction: "cancel_immediately" });
    await testEmulator().flushWebhooks();
    expect(await rowOf(freeRow.id)).toMatchObject({ status: "canceled" });
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: false, stopsForDowngrade: false, endsAt: null });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 3000, plan: basicRow.id },
    ]);

    // Canceled by the customer first, then a downgrade to the free plan, then the downgrade canceled.
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    await autumn.billing.update({ customerId, planId: free.id });
    const again = await planRow(customer.id, free.pk);
    expect(again).toMatchObject({ status: "scheduled" });
    await autumn.billing.update({ customerId, subscriptionId: again.id, cancelAction: "cancel_immediately" });
    await testEmulator().flushWebhooks();
    const kept = await rowOf(basicRow.id);
    expect(kept).toMatchObject({ status: "active", cancelAtPeriodEnd: true, stopsForDowngrade: false });
    expect(kept.canceledAt).not.toBeNull();
    await expectOnlyAddonBills(subscription.id, addonRow.id);
  });

  it("basic stopping at the period's end, the add-on canceled at once: the subscription stops at the period's end, never renewing the add-on's item; keeping basic renews it alone", async () => {
    const { customerId, addon, basic, addonRow, basicRow, subscription } = await onAddonAndBasic();
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    await autumn.billing.update({ customerId, planId: addon.id, cancelAction: "cancel_immediately" });
    expect(await rowOf(addonRow.id)).toMatchObject({ status: "canceled" });
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription.id}`] });
    await testEmulator().flushWebhooks();
    expect(await subscriptionOf(subscription.id)).toMatchObject({ status: "active", cancel_at_period_end: true });
    // Basic runs to the period's end as canceled; nothing lifted it.
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });

    // Basic kept after all: its item comes back, the ended add-on's item goes, and the subscription renews for basic alone.
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" });
    await testEmulator().flushWebhooks();
    expect(await subscriptionOf(subscription.id)).toMatchObject({ status: "active", cancel_at_period_end: false });
    expect(await itemsOf(subscription.id)).toEqual([{ amount: 3000, plan: basicRow.id }]);
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: false, endsAt: null });
  });

  // Moves the emulator's clock (it only goes forward): kept last in the file.
  it("at the period's end the renewal bills the add-on alone and the free plan replaces basic", async () => {
    const { customer, customerId, free, addonRow, basicRow, subscription, periodEnd } = await onAddonAndBasic();
    await autumn.billing.update({ customerId, planId: free.id });
    const before = (await invoicesOf(subscription.id)).length;

    testEmulator().advanceClock({ to: Math.floor(periodEnd.getTime() / 1000) + 2 * 3600 });
    await testEmulator().flushWebhooks();
    const invoices = await invoicesOf(subscription.id);
    expect(invoices).toHaveLength(before + 1);
    expect(invoices.at(-1)!.total).toBe(1500);
    expect(await subscriptionOf(subscription.id)).toMatchObject({ status: "active", cancel_at_period_end: false });

    await runContractsOnce(new Date(periodEnd.getTime() + 3 * 3600_000));
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "replaced" });
    expect(await planRow(customer.id, free.pk)).toMatchObject({ status: "active" });
    expect(await rowOf(addonRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: false });
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription.id}`] });
    await expectOnlyAddonBills(subscription.id, addonRow.id);
  });
});
