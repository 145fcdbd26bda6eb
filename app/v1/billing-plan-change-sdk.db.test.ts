// billing.update's plan changes on Stripe-billed plans, through the official SDK (autumn-js 1.3.13)
// against the emulator: a change while a downgrade is scheduled at the period's end (a switch
// replaces it, a quantity change applies while it stays scheduled; the preview says what the
// update then bills), a switch of one plan on a subscription that bills several (the others keep
// their items and the subscription's metadata), and a switch of a contract plan (the contract
// carries over, with its subscription's cancel_at). Each plan starts as billing.attach with
// invoice_mode starts it: the outbox job makes the subscription, its first invoice is paid.
import { describe, expect, it } from "vitest";
import { unique } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import { invoicesOf, planLadder, planRow, startAndPay } from "@/tests/factories/invoice-billing";
import { testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import * as billingAttach from "./billing.attach/route";
import * as billingUpdate from "./billing.update/route";
import * as previewUpdateRoute from "./billing.preview_update/route";
import * as previewAttachRoute from "./billing.preview_attach/route";
import * as multiAttachRoute from "./billing.multi_attach/route";

runOnOwnDatabase("billing-plan-change");

const { autumn } = await setupSdkApi({
  "billing.attach": billingAttach,
  "billing.update": billingUpdate,
  "billing.preview_update": previewUpdateRoute,
  "billing.preview_attach": previewAttachRoute,
  "billing.multi_attach": multiAttachRoute,
}, { webhooks: (request) => handleStripeWebhook(request) });

const DAY_S = 86_400;
const DAY = DAY_S * 1000;
const invoiceMode = { enabled: true, enablePlanImmediately: true };

/** A customer on pro, billed by invoice through a subscription whose first invoice is paid. */
async function onPro(options: { endsAt?: number } = {}) {
  const plans = await planLadder();
  await autumn.billing.attach({ customerId: plans.customerId, planId: plans.pro.id, invoiceMode, ...(options.endsAt ? { endsAt: options.endsAt } : {}) });
  const proRow = await planRow(plans.customer.id, plans.pro.pk);
  const subscription = await startAndPay([proRow.id]);
  return { ...plans, proRow, subscription };
}

/** A customer on basic billed elsewhere (no Stripe subscription: Equinox only), 10 days into a 30-day period. */
async function onBasicElsewhere() {
  const plans = await planLadder();
  const enabled = await enableTestPlan(plans.customer.id, plans.basic.id);
  await db().customerPlan.update({
    where: { id: enabled.customerPlan.id },
    data: { currentPeriodStart: new Date(Date.now() - 10 * DAY), currentPeriodEnd: new Date(Date.now() + 20 * DAY), billingMode: "elsewhere" },
  });
  return { ...plans, customerPlanId: enabled.customerPlan.id };
}

const itemsOf = async (subscriptionId: string) =>
  (await testStripe().subscriptions.retrieve(subscriptionId)).items.data.map((item) => ({ amount: item.price.unit_amount, quantity: item.quantity, plan: item.metadata.equinox_customer_plan_id ?? null }));

describe("a change while a downgrade is scheduled at the period's end", () => {
  it("an upgrade replaces a scheduled paid downgrade: the scheduled plan is dropped, Stripe prorates from the price this period was paid at, as previewed", async () => {
    const { customer, customerId, basic, pro, max, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: basic.id });
    const basicRow = await planRow(customer.id, basic.pk);
    expect(basicRow).toMatchObject({ status: "scheduled", stripeSubscriptionId: subscription.id });
    expect((await itemsOf(subscription.id)).map((item) => item.amount)).toEqual([3000]);

    const preview = await autumn.billing.previewUpdate({ customerId, planId: max.id });
    expect(preview).toMatchObject({ intent: "update_plan", nextCycle: { total: 90 } });
    // Unused pro ($60) credited, not basic's $30: about $30 due for (nearly) the whole month.
    expect(preview.lineItems.map((line) => line.planId)).toEqual([pro.id, max.id]);
    expect(preview.total).toBeCloseTo(30, 0);

    const answer = await autumn.billing.update({ customerId, planId: max.id });
    expect(answer.invoice!.total).toBeCloseTo(preview.total, 0);
    const maxRow = await planRow(customer.id, max.pk);
    expect(maxRow).toMatchObject({ status: "active", stripeSubscriptionId: subscription.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).toMatchObject({ status: "canceled" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "replaced" });
    // Nothing of the downgrade is left in Stripe: max's price, the subscription names max, it renews.
    const after = await testStripe().subscriptions.retrieve(subscription.id);
    expect(after.items.data.map((item) => item.price.unit_amount)).toEqual([9000]);
    expect(after).toMatchObject({ cancel_at: null, cancel_at_period_end: false, metadata: { equinox_plan_id: max.id, equinox_customer_plan_id: maxRow.id } });
    await testEmulator().flushWebhooks();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: maxRow.id } })).toMatchObject({ status: "active", billingState: "active", cancelAtPeriodEnd: false, endsAt: null, canceledAt: null });
  });

  it("another downgrade replaces the scheduled one: one scheduled plan, the subscription bills its price from the next invoice", async () => {
    const { customer, customerId, basic, pro, free, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: free.id });
    expect((await testStripe().subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);

    expect(await autumn.billing.previewUpdate({ customerId, planId: basic.id })).toMatchObject({ intent: "update_plan", total: 0, nextCycle: { total: 30 } });
    await autumn.billing.update({ customerId, planId: basic.id });
    const plans = await db().customerPlan.findMany({ where: { customerId: customer.id }, include: { plan: true }, orderBy: { createdAt: "asc" } });
    expect(plans.map((cp) => [cp.plan.planId, cp.status])).toEqual([
      [pro.id, "active"],
      [free.id, "canceled"],
      [basic.id, "scheduled"],
    ]);
    // The downgrade to free had Stripe stop at the period's end: the subscription now continues on basic.
    const after = await testStripe().subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ cancel_at: null, cancel_at_period_end: false });
    expect(after.items.data.map((item) => item.price.unit_amount)).toEqual([3000]);
    expect(await invoicesOf(subscription.id)).toHaveLength(1);
    await testEmulator().flushWebhooks();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: plans[0]!.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false, endsAt: null });
  });

  it("a quantity change applies to the running plan for its period; the downgrade stays scheduled with its own price", async () => {
    const { customer, customerId, basic, pro, seats, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: basic.id });
    const basicRow = await planRow(customer.id, basic.pk);

    const params = { customerId, planId: pro.id, featureQuantities: [{ featureId: seats.id, quantity: 3 }] };
    const preview = await autumn.billing.previewUpdate(params);
    expect(preview.intent).toBe("update_quantity");
    // 2 more pro units for (nearly) the whole month; then basic, as scheduled.
    expect(preview.total).toBeCloseTo(120, 0);
    expect(preview.nextCycle).toMatchObject({ startsAt: basicRow.startsAt.getTime(), total: 30 });

    const answer = await autumn.billing.update(params);
    expect(answer.invoice!.total).toBeCloseTo(preview.total, 0);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", quantity: 3 });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).toMatchObject({ status: "scheduled", quantity: 1 });
    // The item bills basic × 1 again from the next invoice.
    expect((await itemsOf(subscription.id)).map((item) => [item.amount, item.quantity])).toEqual([[3000, 1]]);
  });
});

describe("a quantity change while staff's plan of the group is scheduled from a later date", () => {
  it("the next cycle is the running plan's at its new quantity, not the later plan's; it stays scheduled", async () => {
    const { customer, customerId, pro, max, seats, proRow, subscription } = await onPro();
    const running = await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } });
    const later = (await enableTestPlan(customer.id, max.id, { startsAt: new Date(running.currentPeriodEnd!.getTime() + 30 * DAY) })).customerPlan;
    expect(later).toMatchObject({ status: "scheduled" });

    const params = { customerId, planId: pro.id, featureQuantities: [{ featureId: seats.id, quantity: 3 }] };
    const preview = await autumn.billing.previewUpdate(params);
    expect(preview.intent).toBe("update_quantity");
    expect(preview.nextCycle).toMatchObject({ startsAt: running.currentPeriodEnd!.getTime(), total: 180 });
    await autumn.billing.update(params);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({ status: "scheduled" });
    expect((await itemsOf(subscription.id)).map((item) => [item.amount, item.quantity])).toEqual([[6000, 3]]);
  });
});

describe("the running plan named while a downgrade is scheduled (how a customer keeps their plan)", () => {
  it("a paid downgrade is dropped: previewed as uncancel with nothing due, the scheduled plan goes, the subscription bills the running plan again", async () => {
    const { customer, customerId, basic, pro, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: basic.id });
    const basicRow = await planRow(customer.id, basic.pk);
    expect((await itemsOf(subscription.id)).map((item) => item.amount)).toEqual([3000]);

    const preview = await autumn.billing.previewUpdate({ customerId, planId: pro.id });
    expect(preview).toMatchObject({ intent: "uncancel", total: 0, lineItems: [], incoming: [], nextCycle: { total: 60 } });
    expect(preview.outgoing.map((change) => change.planId)).toEqual([basic.id]);

    const answer = await autumn.billing.update({ customerId, planId: pro.id });
    expect(answer.invoice).toBeUndefined();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).toMatchObject({ status: "canceled" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false, endsAt: null });
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription.id}`] })).toMatchObject({ done: 1 });
    const after = await testStripe().subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ status: "active", cancel_at: null, cancel_at_period_end: false, metadata: { equinox_customer_plan_id: proRow.id, equinox_plan_id: pro.id } });
    expect((await itemsOf(subscription.id)).map((item) => [item.amount, item.quantity])).toEqual([[6000, 1]]);
    expect(await invoicesOf(subscription.id)).toHaveLength(1);
    // Named again: the downgrade is gone, nothing more to do.
    expect(await autumn.billing.previewUpdate({ customerId, planId: pro.id })).toMatchObject({ intent: "none", total: 0 });
  });

  it("a downgrade to a free plan is dropped: the stop at the period's end is lifted, the running plan renews", async () => {
    const { customer, customerId, free, pro, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: free.id });
    const freeRow = await planRow(customer.id, free.pk);
    expect(freeRow).toMatchObject({ status: "scheduled" });
    expect((await testStripe().subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);

    const preview = await autumn.billing.previewUpdate({ customerId, planId: pro.id });
    expect(preview).toMatchObject({ intent: "uncancel", total: 0, nextCycle: { total: 60 } });
    expect(preview.outgoing.map((change) => change.planId)).toEqual([free.id]);
    await autumn.billing.update({ customerId, planId: pro.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: freeRow.id } })).toMatchObject({ status: "canceled" });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ status: "active", cancel_at: null, cancel_at_period_end: false });
    await testEmulator().flushWebhooks();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false, canceledAt: null, endsAt: null });
  });

  it("a contract's downgrade to a free plan dropped: the subscription stops at the contract's own end again", async () => {
    const endsAt = (Math.floor(testEmulator().now() / DAY_S) + 120) * DAY_S * 1000;
    const { customer, customerId, free, pro, proRow, subscription } = await onPro({ endsAt });
    await autumn.billing.update({ customerId, planId: free.id });
    expect(await planRow(customer.id, free.pk)).toMatchObject({ status: "scheduled" });
    await autumn.billing.update({ customerId, planId: pro.id });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: endsAt / 1000, cancel_at_period_end: false });
    await testEmulator().flushWebhooks();
    const kept = await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } });
    expect(kept).toMatchObject({ status: "active", cancelAtPeriodEnd: false, canceledAt: null, onContractEnd: "end" });
    expect(kept.endsAt?.getTime()).toBe(endsAt);
  });
});

describe("a scheduled downgrade canceled (cancel_immediately of the scheduled plan)", () => {
  it("the subscription bills the running plan again: its price, named in the metadata; the ended plan's job leaves it alone", async () => {
    const { customer, customerId, basic, pro, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: basic.id });
    const basicRow = await planRow(customer.id, basic.pk);
    expect((await itemsOf(subscription.id)).map((item) => item.amount)).toEqual([3000]);

    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_immediately" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).toMatchObject({ status: "canceled" });
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription.id}`] })).toMatchObject({ done: 1 });
    const after = await testStripe().subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ status: "active", cancel_at: null, metadata: { equinox_customer_plan_id: proRow.id, equinox_plan_id: pro.id } });
    expect(after.items.data.map((item) => [item.price.unit_amount, item.quantity])).toEqual([[6000, 1]]);
    expect(await invoicesOf(subscription.id)).toHaveLength(1);
    await testEmulator().flushWebhooks();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", billingState: "active", endsAt: null });
  });

  it("a downgrade to a free plan canceled: the running plan renews again, its subscription no longer stops at the period's end", async () => {
    const { customer, customerId, free, proRow, subscription } = await onPro();
    await autumn.billing.update({ customerId, planId: free.id });
    const freeRow = await planRow(customer.id, free.pk);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ cancelAtPeriodEnd: true });
    expect((await testStripe().subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);

    await autumn.billing.update({ customerId, subscriptionId: freeRow.id, cancelAction: "cancel_immediately" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: freeRow.id } })).toMatchObject({ status: "canceled" });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ status: "active", cancel_at: null, cancel_at_period_end: false });
    await testEmulator().flushWebhooks();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false, canceledAt: null, endsAt: null });
  });

  it("on a subscription billing several plans: the running plan keeps its item (named for it again), the other plan's item stays", async () => {
    const { customer, customerId, basic, pro } = await planLadder();
    const extra = await createTestFeature({ type: "continuous_use" });
    const addon = await createTestPlan({ planId: unique("addon"), isAddOn: true, price: { amount: 1500, interval: "month" }, items: [{ featureId: extra.id, included: 1 }] });
    await autumn.billing.multiAttach({ customerId, plans: [{ planId: addon.id }, { planId: pro.id }], invoiceMode });
    const addonRow = await planRow(customer.id, addon.pk);
    const proRow = await planRow(customer.id, pro.pk);
    const subscription = await startAndPay([addonRow.id, proRow.id]);
    await autumn.billing.update({ customerId, planId: basic.id });
    const basicRow = await planRow(customer.id, basic.pk);
    expect(basicRow).toMatchObject({ status: "scheduled" });

    await autumn.billing.update({ customerId, subscriptionId: basicRow.id, cancelAction: "cancel_immediately" });
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription.id}`] })).toMatchObject({ done: 1 });
    expect((await itemsOf(subscription.id)).sort((a, b) => a.amount! - b.amount!)).toEqual([
      { amount: 1500, quantity: 1, plan: addonRow.id },
      { amount: 6000, quantity: 1, plan: proRow.id },
    ]);
    expect((await testStripe().subscriptions.retrieve(subscription.id)).metadata).toMatchObject({ equinox_customer_plan_id: addonRow.id, equinox_plan_id: addon.id });
  });
});

describe("a switch of one plan on a subscription that bills several", () => {
  it("changes only that plan's item; the other plan's item and the subscription's metadata stay; webhooks map every item to its plan", async () => {
    const { customer, customerId, basic, pro } = await planLadder();
    const extra = await createTestFeature({ type: "continuous_use" });
    const addon = await createTestPlan({ planId: unique("addon"), isAddOn: true, price: { amount: 1500, interval: "month" }, items: [{ featureId: extra.id, included: 1 }] });
    // The add-on first: it is the subscription's lead plan (its metadata names it).
    await autumn.billing.multiAttach({ customerId, plans: [{ planId: addon.id }, { planId: basic.id }], invoiceMode });
    const addonRow = await planRow(customer.id, addon.pk);
    const basicRow = await planRow(customer.id, basic.pk);
    const subscription = await startAndPay([addonRow.id, basicRow.id]);
    expect(subscription.metadata).toMatchObject({ equinox_customer_plan_id: addonRow.id, equinox_plan_id: addon.id });

    const answer = await autumn.billing.update({ customerId, planId: pro.id });
    expect(answer.invoice!.total).toBeGreaterThan(29);
    const proRow = await planRow(customer.id, pro.pk);
    const after = await testStripe().subscriptions.retrieve(subscription.id);
    expect(after.metadata).toMatchObject({ equinox_customer_plan_id: addonRow.id, equinox_plan_id: addon.id });
    expect(after.metadata.equinox_plan_version_id).toBe(subscription.metadata.equinox_plan_version_id);
    expect((await itemsOf(subscription.id)).sort((a, b) => a.amount! - b.amount!)).toEqual([
      { amount: 1500, quantity: 1, plan: addonRow.id },
      { amount: 6000, quantity: 1, plan: proRow.id },
    ]);

    // Stripe's webhooks and the replaced plan's end (the outbox) keep both plans and both items.
    await testEmulator().flushWebhooks();
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription.id}`] })).toMatchObject({ done: 1 });
    expect((await itemsOf(subscription.id)).map((item) => item.plan).sort()).toEqual([addonRow.id, proRow.id].sort());
    for (const id of [addonRow.id, proRow.id]) expect(await db().customerPlan.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "active", billingState: "active", stripeSubscriptionId: subscription.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).toMatchObject({ status: "replaced" });

    // The add-on canceled: only its item goes; pro's subscription lives on.
    await autumn.billing.update({ customerId, planId: addon.id, cancelAction: "cancel_immediately" });
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription.id}`] })).toMatchObject({ done: 1 });
    expect(await itemsOf(subscription.id)).toEqual([{ amount: 6000, quantity: 1, plan: proRow.id }]);
    expect((await testStripe().subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("a switch of the lead plan: the subscription's metadata names the new customer plan", async () => {
    const { customer, customerId, basic, pro } = await planLadder();
    const extra = await createTestFeature({ type: "continuous_use" });
    const addon = await createTestPlan({ planId: unique("addon"), isAddOn: true, price: { amount: 1500, interval: "month" }, items: [{ featureId: extra.id, included: 1 }] });
    await autumn.billing.multiAttach({ customerId, plans: [{ planId: basic.id }, { planId: addon.id }], invoiceMode });
    const basicRow = await planRow(customer.id, basic.pk);
    const addonRow = await planRow(customer.id, addon.pk);
    const subscription = await startAndPay([basicRow.id, addonRow.id]);
    await autumn.billing.update({ customerId, planId: pro.id });
    const proRow = await planRow(customer.id, pro.pk);
    const after = await testStripe().subscriptions.retrieve(subscription.id);
    expect(after.metadata).toMatchObject({ equinox_customer_plan_id: proRow.id, equinox_plan_id: pro.id, equinox_plan_version_id: proRow.planVersionId });
    expect((await itemsOf(subscription.id)).sort((a, b) => a.amount! - b.amount!)).toEqual([
      { amount: 1500, quantity: 1, plan: addonRow.id },
      { amount: 6000, quantity: 1, plan: proRow.id },
    ]);
  });
});

describe("a switch of a contract plan", () => {
  it("the contract carries over: the new plan ends at the contract's end, and the subscription still stops there (not a cancellation)", async () => {
    const endsAt = (Math.floor(testEmulator().now() / DAY_S) + 120) * DAY_S * 1000;
    const { customer, customerId, max, proRow, subscription } = await onPro({ endsAt });
    expect(proRow).toMatchObject({ onContractEnd: "end" });
    expect(subscription.cancel_at).toBe(endsAt / 1000);

    const preview = await autumn.billing.previewUpdate({ customerId, planId: max.id });
    expect(preview.incoming[0]).toMatchObject({ planId: max.id, expiresAt: endsAt });
    await autumn.billing.update({ customerId, planId: max.id });
    const maxRow = await planRow(customer.id, max.pk);
    expect(maxRow).toMatchObject({ status: "active", onContractEnd: "end", termStartsAt: proRow.termStartsAt });
    expect(maxRow.endsAt?.getTime()).toBe(endsAt);
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: endsAt / 1000, cancel_at_period_end: false });
    await testEmulator().flushWebhooks();
    const synced = await db().customerPlan.findUniqueOrThrow({ where: { id: maxRow.id } });
    expect(synced).toMatchObject({ cancelAtPeriodEnd: false, canceledAt: null });
    expect(synced.endsAt?.getTime()).toBe(endsAt);

    // Canceled at the period's end, then kept: the new plan's contract end comes back, as for any contract.
    await autumn.billing.update({ customerId, planId: max.id, cancelAction: "cancel_end_of_cycle" });
    await autumn.billing.update({ customerId, planId: max.id, cancelAction: "uncancel" });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: endsAt / 1000, cancel_at_period_end: false });
    expect((await db().customerPlan.findUniqueOrThrow({ where: { id: maxRow.id } })).endsAt?.getTime()).toBe(endsAt);
  });

  it("a contract canceled at the period's end, then switched: the switch replaces the cancellation, the contract's own end carries over", async () => {
    const endsAt = (Math.floor(testEmulator().now() / DAY_S) + 120) * DAY_S * 1000;
    const { customer, customerId, pro, max, subscription } = await onPro({ endsAt });
    await autumn.billing.update({ customerId, planId: pro.id, cancelAction: "cancel_end_of_cycle" });
    expect((await testStripe().subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
    await autumn.billing.update({ customerId, planId: max.id });
    const maxRow = await planRow(customer.id, max.pk);
    expect(maxRow.endsAt?.getTime()).toBe(endsAt);
    expect(maxRow).toMatchObject({ onContractEnd: "end", cancelAtPeriodEnd: false });
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: endsAt / 1000, cancel_at_period_end: false });
  });
});

describe("billing.attach switching a plan on its Stripe subscription", () => {
  it("from a contract plan without ends_at: the contract carries over as billing.update carries it, Stripe still stops at its end", async () => {
    const endsAt = (Math.floor(testEmulator().now() / DAY_S) + 120) * DAY_S * 1000;
    const { customer, customerId, max, proRow, subscription } = await onPro({ endsAt });
    const preview = await autumn.billing.previewAttach({ customerId, planId: max.id });
    expect(preview.incoming[0]).toMatchObject({ planId: max.id, expiresAt: endsAt });

    await autumn.billing.attach({ customerId, planId: max.id });
    const maxRow = await planRow(customer.id, max.pk);
    expect(maxRow).toMatchObject({ status: "active", stripeSubscriptionId: subscription.id, onContractEnd: "end", renewalReminderDays: proRow.renewalReminderDays, termStartsAt: proRow.termStartsAt });
    expect(maxRow.endsAt?.getTime()).toBe(endsAt);
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: endsAt / 1000, cancel_at_period_end: false });
    await testEmulator().flushWebhooks();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: maxRow.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false, canceledAt: null });
  });

  it("with its own ends_at: a new term that ends there, the subscription's cancel_at at that date (as invoice_mode's contracts)", async () => {
    const { customer, customerId, max, subscription } = await onPro();
    expect(subscription.cancel_at).toBeNull();
    const endsAt = (Math.floor(testEmulator().now() / DAY_S) + 90) * DAY_S * 1000;
    await autumn.billing.attach({ customerId, planId: max.id, endsAt });
    const maxRow = await planRow(customer.id, max.pk);
    expect(maxRow).toMatchObject({ status: "active", stripeSubscriptionId: subscription.id, onContractEnd: "end", renewalReminderDays: 30 });
    expect(maxRow.endsAt?.getTime()).toBe(endsAt);
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: endsAt / 1000, cancel_at_period_end: false });
    await testEmulator().flushWebhooks();
    const synced = await db().customerPlan.findUniqueOrThrow({ where: { id: maxRow.id } });
    expect(synced).toMatchObject({ status: "active", cancelAtPeriodEnd: false, canceledAt: null });
    expect(synced.endsAt?.getTime()).toBe(endsAt);
  });

  it("from a contract ending before a downgrade would take effect: refused, as billing.update refuses it", async () => {
    const endsAt = (Math.floor(testEmulator().now() / DAY_S) + 10) * DAY_S * 1000;
    const { customer, customerId, basic } = await onPro({ endsAt });
    expect(await sdkError(autumn.billing.attach({ customerId, planId: basic.id }))).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(await db().customerPlan.count({ where: { customerId: customer.id, planPk: basic.pk } })).toBe(0);
  });
});

describe("plans billed elsewhere (Equinox only)", () => {
  it("a downgrade already scheduled: a quantity change applies while it stays scheduled; another switch is previewed, and another downgrade replaces it", async () => {
    const { customer, customerId, basic, pro, free, seats, customerPlanId } = await onBasicElsewhere();
    await autumn.billing.update({ customerId, planId: free.id });
    const freeRow = await planRow(customer.id, free.pk);
    expect(freeRow).toMatchObject({ status: "scheduled" });

    const params = { customerId, planId: basic.id, featureQuantities: [{ featureId: seats.id, quantity: 3 }] };
    const preview = await autumn.billing.previewUpdate(params);
    // Then the free plan, which bills nothing.
    expect(preview.intent).toBe("update_quantity");
    expect(preview.nextCycle).toBeUndefined();
    await autumn.billing.update(params);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ status: "active", quantity: 3 });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: freeRow.id } })).toMatchObject({ status: "scheduled" });

    expect(await autumn.billing.previewUpdate({ customerId, planId: pro.id })).toMatchObject({ intent: "update_plan" });
    const starter = await createTestPlan({ planId: unique("starter"), group: basic.group });
    await autumn.billing.update({ customerId, planId: starter.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: freeRow.id } })).toMatchObject({ status: "canceled" });
    expect(await planRow(customer.id, starter.pk)).toMatchObject({ status: "scheduled" });
  });

  it("a switch of a contract keeps it: the incoming plan renews on the contract's end, with its term; one ending before the switch would take effect is refused", async () => {
    const { customer, customerId, free, customerPlanId } = await onBasicElsewhere();
    const contractEnd = new Date(Date.now() + 200 * DAY);
    const termStart = new Date(Date.now() - 165 * DAY);
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { endsAt: contractEnd, onContractEnd: "renew", renewalReminderDays: 30, termStartsAt: termStart } });
    const preview = await autumn.billing.previewUpdate({ customerId, planId: free.id });
    expect(preview.incoming[0]).toMatchObject({ planId: free.id, expiresAt: contractEnd.getTime() });
    await autumn.billing.update({ customerId, planId: free.id });
    expect(await planRow(customer.id, free.pk)).toMatchObject({ status: "scheduled", endsAt: contractEnd, onContractEnd: "renew", renewalReminderDays: 30, termStartsAt: termStart });

    const soon = await onBasicElsewhere();
    await db().customerPlan.update({ where: { id: soon.customerPlanId }, data: { endsAt: new Date(Date.now() + 5 * DAY), onContractEnd: "end" } });
    const switchToFree = { customerId: soon.customerId, planId: soon.free.id };
    expect(await sdkError(autumn.billing.previewUpdate(switchToFree))).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(await sdkError(autumn.billing.update(switchToFree))).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(await db().customerPlan.count({ where: { customerId: soon.customer.id, planPk: soon.free.pk } })).toBe(0);
  });
});
