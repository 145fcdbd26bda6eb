// billing.multi_attach with invoice_mode whose billing waits (issue 18): for a pending customer
// (billing starts at the claim) or a future starts_at (maintenance starts it then), the plans
// attached together are still billed by ONE Stripe subscription, one item per plan naming its
// customer plan, made when billing starts, as when it starts at once.
import { describe, expect, it } from "vitest";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx } from "@/tests/factories/customers";
import { createTestFeature, createTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { planRow } from "@/tests/factories/invoice-billing";
import { itemsOf } from "@/tests/factories/shared-subscription";
import { db } from "@/lib/db";
import { createCustomer } from "@/lib/customers/create-customer";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { CUSTOMER_CLAIMED_SUBSCRIBERS } from "@/lib/outbox/domain-events";
import { runMaintenanceOnce } from "@/lib/maintenance/run-maintenance";
import { START_BILLING_JOB } from "@/lib/billing/lifecycle/billing-jobs";
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import { cancelCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { testEmulator, testStripe } from "@/tests/factories/billing";
import * as multiAttachRoute from "./billing.multi_attach/route";

runOnOwnDatabase("billing-shared-subscription-waiting");

const { autumn } = await setupSdkApi({ "billing.multi_attach": multiAttachRoute }, { webhooks: (request) => handleStripeWebhook(request) });

const DAY = 86_400_000;

async function addonAndBasic() {
  const seats = await createTestFeature({ type: "continuous_use" });
  const extra = await createTestFeature({ type: "continuous_use" });
  const basic = await createTestPlan({ planId: unique("basic"), group: unique("grp"), price: { amount: 3000, interval: "month" }, items: [{ featureId: seats.id, included: 2 }] });
  const addon = await createTestPlan({ planId: unique("addon"), isAddOn: true, price: { amount: 1500, interval: "month" }, items: [{ featureId: extra.id, included: 1 }] });
  return { basic, addon };
}

/** Runs every pending START_BILLING job of these plans; answers how many ran. */
async function runStartJobs(customerPlanIds: string[]): Promise<number> {
  const run = await runOutboxOnce({ dedupeKeys: customerPlanIds.map((id) => `${START_BILLING_JOB}:${id}`) });
  await testEmulator().flushWebhooks();
  return run.done;
}

async function expectOneSubscription(addonRowId: string, basicRowId: string) {
  const addonRow = await db().customerPlan.findUniqueOrThrow({ where: { id: addonRowId } });
  const basicRow = await db().customerPlan.findUniqueOrThrow({ where: { id: basicRowId } });
  expect(addonRow.stripeSubscriptionId).toMatch(/^sub_/);
  expect(basicRow.stripeSubscriptionId).toBe(addonRow.stripeSubscriptionId);
  expect(await itemsOf(addonRow.stripeSubscriptionId!)).toEqual([
    { amount: 1500, plan: addonRow.id },
    { amount: 3000, plan: basicRow.id },
  ]);
}

/** A pre-created (pending) customer with the add-on and basic attached together by invoice, billing waiting for the claim. */
async function pendingOnAddonAndBasic() {
  const { basic, addon } = await addonAndBasic();
  const email = `${unique("acme")}@example.test`;
  const { customer } = await createCustomer(await staffCtx(), { name: "Acme", email });
  await autumn.billing.multiAttach({ customerId: customer.id, plans: [{ planId: addon.id }, { planId: basic.id }], invoiceMode: { enabled: true, enablePlanImmediately: true } });
  const addonRow = await planRow(customer.id, addon.pk);
  const basicRow = await planRow(customer.id, basic.pk);
  return { customer, email, addonRow, basicRow };
}

/** The customer signs in (get-or-create by the email): the claim's subscriber starts their waiting billing. */
async function claim(customerId: string, email: string) {
  await getOrCreateCustomer(apiKeyCtx(), { customer_id: unique("acme"), email });
  expect(await runOutboxOnce({ dedupeKeys: [`${CUSTOMER_CLAIMED_SUBSCRIBERS.startBilling}:${customerId}`] })).toMatchObject({ done: 1 });
}

describe("multi_attach by invoice whose billing waits: one subscription when it starts", () => {
  it("a pending customer: at the claim, one job makes one subscription with an item per plan", async () => {
    const { customer, email, addonRow, basicRow } = await pendingOnAddonAndBasic();
    expect(addonRow).toMatchObject({ billingState: "waiting", status: "active" });
    expect(basicRow).toMatchObject({ billingState: "waiting", status: "active" });

    await claim(customer.id, email);
    expect(await db().outboxJob.count({ where: { kind: START_BILLING_JOB, dedupeKey: { in: [addonRow.id, basicRow.id].map((id) => `${START_BILLING_JOB}:${id}`) } } })).toBe(1);
    expect(await runStartJobs([addonRow.id, basicRow.id])).toBe(1);
    await expectOneSubscription(addonRow.id, basicRow.id);
  });

  it("a future starts_at: at the start date, maintenance starts one subscription with an item per plan", async () => {
    const { basic, addon } = await addonAndBasic();
    const customer = await createTestCustomer();
    const startsAt = Date.now() + 10 * DAY;
    await autumn.billing.multiAttach({ customerId: customer.externalId!, startsAt, plans: [{ planId: addon.id }, { planId: basic.id }], invoiceMode: { enabled: true, enablePlanImmediately: true } });
    const addonRow = await planRow(customer.id, addon.pk);
    const basicRow = await planRow(customer.id, basic.pk);
    expect(addonRow).toMatchObject({ billingState: "waiting", status: "scheduled" });
    expect(basicRow).toMatchObject({ billingState: "waiting", status: "scheduled" });

    expect((await runMaintenanceOnce(new Date(startsAt + 60_000))).contracts.billingStarted).toBeGreaterThan(0);
    expect(await db().outboxJob.count({ where: { kind: START_BILLING_JOB, dedupeKey: { in: [addonRow.id, basicRow.id].map((id) => `${START_BILLING_JOB}:${id}`) } } })).toBe(1);
    expect(await runStartJobs([addonRow.id, basicRow.id])).toBe(1);
    await expectOneSubscription(addonRow.id, basicRow.id);
  });

  it("the lead plan canceled between the claim and the job: the subscription bills the other one and names it", async () => {
    const { customer, email, addonRow, basicRow } = await pendingOnAddonAndBasic();
    await claim(customer.id, email);
    await cancelCustomerPlan(await staffCtx(), { customerPlanId: addonRow.id });

    expect(await runStartJobs([addonRow.id, basicRow.id])).toBe(1);
    const addonAfter = await db().customerPlan.findUniqueOrThrow({ where: { id: addonRow.id } });
    const basicAfter = await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } });
    expect(addonAfter).toMatchObject({ status: "canceled", billingState: "ended", stripeSubscriptionId: null });
    expect(basicAfter.stripeSubscriptionId).toMatch(/^sub_/);
    const subscription = await testStripe().subscriptions.retrieve(basicAfter.stripeSubscriptionId!);
    // Named by the live plan: the subscription's own events link it to basic, not to the canceled add-on.
    expect(subscription.metadata).toMatchObject({ equinox_customer_plan_id: basicRow.id });
    expect(subscription.status).toBe("active");
    expect(subscription.items.data.map((item) => item.price.unit_amount)).toEqual([3000]);
  });
});
