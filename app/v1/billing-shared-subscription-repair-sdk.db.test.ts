// A plan's item on a Stripe subscription billing several plans (billing.multi_attach) stays in
// agreement with the plan when a change fails half-way, through the official SDK (autumn-js)
// against the emulator: a failed switch takes back the item it brought back; the plan-item check
// queued before each such change repairs what is left (an item billing a canceled plan, a renewing
// plan without one, a second item for the same plan); two restores racing add one item.
import { describe, expect, it } from "vitest";
import { runOnOwnDatabase } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { planRow } from "@/tests/factories/invoice-billing";
import { itemsOf, onAddonAndBasic as addonAndBasic } from "@/tests/factories/shared-subscription";
import { testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { PLAN_ITEM_CHECK_JOB } from "@/lib/billing/lifecycle/billing-jobs";
import { ITEM_PLAN_KEY, removedItemKey } from "@/lib/billing/lifecycle/start-billing";
import { itemPriceOf, restorePlanItem, stopBillingAtPeriodEnd } from "@/lib/billing/changes/stripe-subscription-changes";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import * as billingUpdate from "./billing.update/route";
import * as multiAttachRoute from "./billing.multi_attach/route";

runOnOwnDatabase("billing-shared-subscription-repair");

const { autumn } = await setupSdkApi({ "billing.update": billingUpdate, "billing.multi_attach": multiAttachRoute }, { webhooks: (request) => handleStripeWebhook(request) });

const ctx = systemCtx("sandbox", "test");
const rowOf = (id: string) => db().customerPlan.findUniqueOrThrow({ where: { id } });
const runningPlan = (id: string) => db().customerPlan.findUniqueOrThrow({ where: { id }, include: { plan: true, planVersion: true } });
const checkKey = (customerPlanId: string) => `${PLAN_ITEM_CHECK_JOB}:${customerPlanId}`;

/** The plan's pending check, made due now (it waits until a change's Stripe calls are surely over), then run. */
async function runCheck(customerPlanId: string) {
  const due = await db().outboxJob.updateMany({ where: { dedupeKey: checkKey(customerPlanId), status: "pending" }, data: { runAfter: new Date() } });
  expect(due.count).toBe(1);
  const result = await runOutboxOnce({ dedupeKeys: [checkKey(customerPlanId)] });
  await testEmulator().flushWebhooks();
  return result;
}

/** Basic canceled at the end of its cycle: its item went, the add-on's stays. */
async function basicStopping() {
  const setup = await addonAndBasic(autumn);
  await autumn.billing.update({ customerId: setup.customerId, planId: setup.basic.id, cancelAction: "cancel_end_of_cycle" });
  await testEmulator().flushWebhooks();
  expect(await itemsOf(setup.subscription.id)).toEqual([{ amount: 1500, plan: setup.addonRow.id }]);
  return setup;
}

describe("a change that fails half-way leaves the shared subscription agreeing with the plans", () => {
  it("a switch that fails after bringing the canceled plan's item back takes the item away again", async () => {
    const { customer, customerId, pro, basicRow, addonRow, subscription } = await basicStopping();
    // The item's restore goes through; the switch itself fails (the SDK retries a 500 once).
    testEmulator().failNext({ count: 2, mode: "500", path: `/v1/subscriptions/${subscription.id}`, method: "POST", after: 1 });

    await expect(autumn.billing.update({ customerId, planId: pro.id })).rejects.toThrow();
    await testEmulator().flushWebhooks();
    expect(await itemsOf(subscription.id)).toEqual([{ amount: 1500, plan: addonRow.id }]);
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    await expect(planRow(customer.id, pro.pk)).rejects.toThrow();
  });

  it("the check removes an item left billing a canceled plan", async () => {
    const { basicRow, addonRow, subscription } = await basicStopping();
    // What a failed change whose own undo failed too leaves: basic's item back though basic is canceled.
    await restorePlanItem(ctx, subscription.id, [basicRow.id], basicRow.id, async () => itemPriceOf(ctx, await runningPlan(basicRow.id)));
    expect(await itemsOf(subscription.id)).toHaveLength(2);
    // Stripe's webhook for the item back does not lift basic's own stop (the subscription's mark says it is Equinox's).
    await testEmulator().flushWebhooks();
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });

    expect(await runCheck(basicRow.id)).toMatchObject({ done: 1, failed: 0 });
    expect(await itemsOf(subscription.id)).toEqual([{ amount: 1500, plan: addonRow.id }]);
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
  });

  it("the check brings back the item of a renewing plan whose change stopped after Stripe", async () => {
    const { customerId, basic, basicRow, addonRow, subscription } = await basicStopping();
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" });
    await testEmulator().flushWebhooks();
    // What a cancellation whose transaction failed after Stripe leaves: the item gone, the plan renewing.
    await stopBillingAtPeriodEnd(ctx, subscription.id, [basicRow.id]);
    expect(await rowOf(basicRow.id)).toMatchObject({ cancelAtPeriodEnd: false });

    expect(await runCheck(basicRow.id)).toMatchObject({ done: 1, failed: 0 });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 3000, plan: basicRow.id },
    ]);
  });

  it("after a change that completed, the check finds nothing to do", async () => {
    const { addonRow, basicRow, subscription } = await basicStopping();
    expect(await runCheck(basicRow.id)).toMatchObject({ done: 1, failed: 0 });
    expect(await itemsOf(subscription.id)).toEqual([{ amount: 1500, plan: addonRow.id }]);
  });

  it("the check removes a second item billing the same plan", async () => {
    const { customerId, basic, basicRow, addonRow, subscription } = await basicStopping();
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" });
    const { product } = await itemPriceOf(ctx, await runningPlan(basicRow.id));
    await testStripe().subscriptions.update(subscription.id, {
      items: [{ price_data: { currency: "usd", product, unit_amount: 3000, recurring: { interval: "month" } }, metadata: { [ITEM_PLAN_KEY]: basicRow.id } }],
      proration_behavior: "none",
    });
    expect(await itemsOf(subscription.id)).toHaveLength(3);

    expect(await runCheck(basicRow.id)).toMatchObject({ done: 1, failed: 0 });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 3000, plan: basicRow.id },
    ]);
  });
});

describe("bringing a plan's item back", () => {
  it("two restores racing leave one item: the later one takes its own back", async () => {
    const { basicRow, addonRow, subscription } = await basicStopping();
    const price = async () => itemPriceOf(ctx, await runningPlan(basicRow.id));
    await Promise.all([
      restorePlanItem(ctx, subscription.id, [basicRow.id], basicRow.id, price),
      restorePlanItem(ctx, subscription.id, [basicRow.id], basicRow.id, price),
    ]);
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 3000, plan: basicRow.id },
    ]);
  });

  it("stopped and restored again, the plan's item comes back each time (each removal marked anew)", async () => {
    const { basicRow, subscription } = await basicStopping();
    const price = async () => itemPriceOf(ctx, await runningPlan(basicRow.id));
    for (let round = 0; round < 2; round++) {
      expect(await restorePlanItem(ctx, subscription.id, [basicRow.id], basicRow.id, price)).toBe(true);
      expect(await itemsOf(subscription.id)).toHaveLength(2);
      await stopBillingAtPeriodEnd(ctx, subscription.id, [basicRow.id]);
      expect(await itemsOf(subscription.id)).toHaveLength(1);
    }
    expect((await testStripe().subscriptions.retrieve(subscription.id)).metadata[`eqx_rm_${basicRow.id}`]).toMatch(/^si_/);
  });
});

describe("the subscription's mark of a plan's removed item", () => {
  const markOf = async (subscriptionId: string, customerPlanId: string) => (await testStripe().subscriptions.retrieve(subscriptionId)).metadata[removedItemKey(customerPlanId)];

  it("goes when the plan is kept, and when it ends", async () => {
    const { customerId, basic, basicRow, subscription } = await basicStopping();
    expect(await markOf(subscription.id, basicRow.id)).toMatch(/^si_/);
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" });
    expect(await markOf(subscription.id, basicRow.id)).toBeUndefined();

    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    expect(await markOf(subscription.id, basicRow.id)).toMatch(/^si_/);
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_immediately" });
    expect(await runOutboxOnce()).toMatchObject({ failed: 0 });
    expect(await markOf(subscription.id, basicRow.id)).toBeUndefined();
  });

  it("a stop of the whole subscription taken back in Stripe (its portal, the Dashboard) lifts the plans' stop: none of them has a mark", async () => {
    const { addonRow, basicRow, subscription } = await addonAndBasic(autumn);
    await testStripe().subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await testEmulator().flushWebhooks();
    expect(await rowOf(addonRow.id)).toMatchObject({ cancelAtPeriodEnd: true });
    expect(await rowOf(basicRow.id)).toMatchObject({ cancelAtPeriodEnd: true });

    await testStripe().subscriptions.update(subscription.id, { cancel_at_period_end: false });
    await testEmulator().flushWebhooks();
    expect(await rowOf(addonRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: false });
    expect(await rowOf(basicRow.id)).toMatchObject({ status: "active", cancelAtPeriodEnd: false });
  });
});
