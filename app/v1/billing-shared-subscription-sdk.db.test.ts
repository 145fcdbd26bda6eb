// Switches of one plan on a Stripe subscription that bills several (billing.multi_attach with
// invoice_mode: one item per plan, each naming its customer plan), through the official SDK
// (autumn-js) against the emulator. The subscription's stop (cancel_at) is about all of its plans,
// so a switch of one plan neither lifts it nor sets it (stripe-subscription-changes.ts
// billsOnlyThisPlan); and the replaced plan's SUBSCRIBED_PLAN_ENDED job, when it runs before the
// switch has renamed the item for the incoming plan, keeps that item (cancel-stripe-subscription.ts).
import { describe, expect, it } from "vitest";
import { unique } from "@/tests/factories";
import { runOnOwnDatabase } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { planRow } from "@/tests/factories/invoice-billing";
import { itemsOf, onAddonAndBasic } from "@/tests/factories/shared-subscription";
import { testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { systemCtx } from "@/lib/context";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { ITEM_PLAN_KEY } from "@/lib/billing/lifecycle/start-billing";
import { handItemToPlan } from "@/lib/billing/changes/stripe-subscription-changes";
import { runContractsOnce } from "@/lib/billing/contracts/run-contracts";
import { cancelStripeSubscriptionJob } from "@/lib/billing/cancel-stripe-subscription";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import * as billingAttach from "./billing.attach/route";
import * as billingUpdate from "./billing.update/route";
import * as multiAttachRoute from "./billing.multi_attach/route";

runOnOwnDatabase("billing-shared-subscription");

const { autumn } = await setupSdkApi({ "billing.attach": billingAttach, "billing.update": billingUpdate, "billing.multi_attach": multiAttachRoute }, { webhooks: (request) => handleStripeWebhook(request) });

const DAY_S = 86_400;
const DAY = DAY_S * 1000;

const endedJob = (subscriptionId: string) => runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscriptionId}`] });

describe("the subscription's stop belongs to all its plans: a switch of one plan leaves it", () => {
  it("the lead plan's contract end (cancel_at) stays when another plan switches without a contract", async () => {
    const { customer, customerId, pro, addonRow, subscription } = await onAddonAndBasic(autumn);
    // The lead plan on a contract that ends: the subscription stops at its end, as subscriptionTerms(lead) makes it.
    const contractEnd = (Math.floor(testEmulator().now() / DAY_S) + 120) * DAY_S;
    await db().customerPlan.update({ where: { id: addonRow.id }, data: { endsAt: new Date(contractEnd * 1000), contractEndsAt: new Date(contractEnd * 1000), onContractEnd: "end" } });
    await testStripe().subscriptions.update(subscription.id, { cancel_at: contractEnd, proration_behavior: "none" });
    await testEmulator().flushWebhooks();

    await autumn.billing.update({ customerId, planId: pro.id });
    const proRow = await planRow(customer.id, pro.pk);
    expect(proRow).toMatchObject({ status: "active", stripeSubscriptionId: subscription.id, endsAt: null });
    // Not lifted: Stripe would otherwise bill the add-on's renewal past its contract's end.
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: contractEnd, cancel_at_period_end: false });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 6000, plan: proRow.id },
    ]);
  });

  it("a switch with its own ends_at sets no cancel_at (the other plans keep billing); at that end the plan's item alone goes", async () => {
    const { customer, customerId, pro, addonRow, subscription } = await onAddonAndBasic(autumn);
    expect(subscription.cancel_at).toBeNull();
    const endsAt = (Math.floor(testEmulator().now() / DAY_S) + 90) * DAY_S * 1000;
    await autumn.billing.attach({ customerId, planId: pro.id, endsAt });
    const proRow = await planRow(customer.id, pro.pk);
    expect(proRow).toMatchObject({ status: "active", stripeSubscriptionId: subscription.id, onContractEnd: "end" });
    expect(proRow.endsAt?.getTime()).toBe(endsAt);
    expect(await testStripe().subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: null, cancel_at_period_end: false });
    await testEmulator().flushWebhooks();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: addonRow.id } })).toMatchObject({ status: "active", endsAt: null, cancelAtPeriodEnd: false });
    expect(await endedJob(subscription.id)).toMatchObject({ done: 1 });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 6000, plan: proRow.id },
    ]);

    // Pro's contract ends: Equinox expires it (run-contracts) and its item goes; the add-on keeps billing.
    await runContractsOnce(new Date(endsAt + DAY));
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: proRow.id } })).toMatchObject({ status: "expired" });
    expect(await endedJob(subscription.id)).toMatchObject({ done: 1 });
    expect(await itemsOf(subscription.id)).toEqual([{ amount: 1500, plan: addonRow.id }]);
    expect((await testStripe().subscriptions.retrieve(subscription.id)).status).toBe("active");
  });
});

describe("the replaced plan's SUBSCRIBED_PLAN_ENDED job during a switch's handoff", () => {
  it("run after the database commit but before the item is renamed: the item (billing the incoming plan) is kept; after the rename both items stay", async () => {
    const { customer, customerId, pro, addonRow, basicRow, subscription } = await onAddonAndBasic(autumn);
    await autumn.billing.update({ customerId, planId: pro.id });
    const proRow = await planRow(customer.id, pro.pk);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).toMatchObject({ status: "replaced" });
    // The state between enableInDatabase's commit and handItemToPlan: the item bills pro's price, still naming basic.
    const proItem = (await testStripe().subscriptions.retrieve(subscription.id)).items.data.find((item) => item.metadata[ITEM_PLAN_KEY] === proRow.id)!;
    await testStripe().subscriptions.update(subscription.id, { items: [{ id: proItem.id, metadata: { [ITEM_PLAN_KEY]: basicRow.id } }], proration_behavior: "none" });

    expect(await endedJob(subscription.id)).toMatchObject({ done: 1 });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 6000, plan: basicRow.id },
    ]);

    // The handoff completes: pro's item names pro, and the job (run again directly) still keeps both.
    await handItemToPlan(systemCtx(customer.env, "Test"), await testStripe().subscriptions.retrieve(subscription.id), [basicRow.id], {
      customerPlanId: proRow.id,
      planId: pro.id,
      planVersionId: proRow.planVersionId,
    });
    await cancelStripeSubscriptionJob({ id: unique("job"), env: customer.env, kind: SUBSCRIBED_PLAN_ENDED, payload: { subscriptionId: subscription.id }, attempt: 1 });
    expect(await itemsOf(subscription.id)).toEqual([
      { amount: 1500, plan: addonRow.id },
      { amount: 6000, plan: proRow.id },
    ]);
  });

  it("a handoff that never completed: the item still naming the replaced plan goes once the incoming plan ends", async () => {
    const { customer, customerId, pro, addonRow, basicRow, subscription } = await onAddonAndBasic(autumn);
    await autumn.billing.update({ customerId, planId: pro.id });
    const proRow = await planRow(customer.id, pro.pk);
    const proItem = (await testStripe().subscriptions.retrieve(subscription.id)).items.data.find((item) => item.metadata[ITEM_PLAN_KEY] === proRow.id)!;
    await testStripe().subscriptions.update(subscription.id, { items: [{ id: proItem.id, metadata: { [ITEM_PLAN_KEY]: basicRow.id } }], proration_behavior: "none" });
    expect(await endedJob(subscription.id)).toMatchObject({ done: 1 });
    expect(await itemsOf(subscription.id)).toHaveLength(2);

    await autumn.billing.update({ customerId, planId: pro.id, cancelAction: "cancel_immediately" });
    expect(await endedJob(subscription.id)).toMatchObject({ done: 1 });
    expect(await itemsOf(subscription.id)).toEqual([{ amount: 1500, plan: addonRow.id }]);
  });
});
