// A customer whose plans one Stripe subscription bills (billing.multi_attach with invoice_mode: one
// item per plan, each naming its customer plan), for the shared-subscription SDK tests.
import type Stripe from "stripe";
import type { Autumn } from "autumn-js";
import { expect } from "vitest";
import { db } from "@/lib/db";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { START_BILLING_JOB } from "@/lib/billing/lifecycle/billing-jobs";
import { ITEM_PLAN_KEY } from "@/lib/billing/lifecycle/start-billing";
import { testEmulator, testStripe } from "./billing";
import { createTestFeature, createTestPlan } from "./entitlements";
import { invoicesOf, planRow } from "./invoice-billing";
import { createTestCustomer, unique } from "./index";

/** The subscription's items, cheapest first: each one's unit amount and the customer plan it names. */
export const itemsOf = async (subscriptionId: string) =>
  (await testStripe().subscriptions.retrieve(subscriptionId)).items.data
    .map((item) => ({ amount: item.price.unit_amount, plan: item.metadata[ITEM_PLAN_KEY] ?? null }))
    .sort((a, b) => a.amount! - b.amount!);

/** Runs the job that makes the plans' one subscription, pays its first invoice, delivers the webhooks. */
export async function startAndPayAll(customerPlanIds: string[]): Promise<Stripe.Subscription> {
  expect(await runOutboxOnce({ dedupeKeys: customerPlanIds.map((id) => `${START_BILLING_JOB}:${id}`) })).toMatchObject({ done: 1 });
  await testEmulator().flushWebhooks();
  const cp = await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanIds[0]! } });
  const [first] = await invoicesOf(cp.stripeSubscriptionId!);
  await testStripe().invoices.pay(first!.id!, { paid_out_of_band: true });
  await testEmulator().flushWebhooks();
  return testStripe().subscriptions.retrieve(cp.stripeSubscriptionId!);
}

/**
 * An add-on ($15/month, the subscription's lead plan) and basic ($30/month) on one invoice
 * subscription, its first invoice paid; free and pro ($60/month) in basic's group.
 */
export async function onAddonAndBasic(autumn: Autumn) {
  const group = unique("grp");
  const seats = await createTestFeature({ type: "continuous_use" });
  const extra = await createTestFeature({ type: "continuous_use" });
  const free = await createTestPlan({ planId: unique("free"), group, price: null, items: [{ featureId: seats.id, included: 1 }] });
  const basic = await createTestPlan({ planId: unique("basic"), group, price: { amount: 3000, interval: "month" }, items: [{ featureId: seats.id, included: 2 }] });
  const pro = await createTestPlan({ planId: unique("pro"), group, price: { amount: 6000, interval: "month" }, items: [{ featureId: seats.id, included: 5 }] });
  const addon = await createTestPlan({ planId: unique("addon"), isAddOn: true, price: { amount: 1500, interval: "month" }, items: [{ featureId: extra.id, included: 1 }] });
  const customer = await createTestCustomer();
  const customerId = customer.externalId!;
  await autumn.billing.multiAttach({ customerId, plans: [{ planId: addon.id }, { planId: basic.id }], invoiceMode: { enabled: true, enablePlanImmediately: true } });
  const addonRow = await planRow(customer.id, addon.pk);
  const basicRow = await planRow(customer.id, basic.pk);
  const subscription = await startAndPayAll([addonRow.id, basicRow.id]);
  expect(subscription.metadata).toMatchObject({ equinox_customer_plan_id: addonRow.id });
  expect(await itemsOf(subscription.id)).toEqual([
    { amount: 1500, plan: addonRow.id },
    { amount: 3000, plan: basicRow.id },
  ]);
  const periodEnd = (await db().customerPlan.findUniqueOrThrow({ where: { id: basicRow.id } })).currentPeriodEnd!;
  return { customer, customerId, free, basic, pro, addon, addonRow, basicRow, subscription, periodEnd };
}
