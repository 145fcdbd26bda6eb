// Plans billed by invoice through a Stripe subscription (invoice_mode), as the billing SDK tests
// arrange them: a ladder of plans in one group, the customer plan rows the routes make, the outbox
// job that creates the subscription in the test file's emulator, and its first invoice paid.
import type Stripe from "stripe";
import { expect } from "vitest";
import { db } from "@/lib/db";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { START_BILLING_JOB } from "@/lib/billing/lifecycle/billing-jobs";
import { testEmulator, testStripe } from "./billing";
import { createTestFeature, createTestPlan } from "./entitlements";
import { createTestCustomer, unique } from "./index";

/** A group with free, basic ($30/month), pro ($60/month) and max ($90/month), a seats feature (1 included in each paid plan), and a customer on nothing yet. */
export async function planLadder() {
  const group = unique("grp");
  const seats = await createTestFeature({ type: "continuous_use" });
  const item = [{ featureId: seats.id, included: 1 }];
  const free = await createTestPlan({ planId: unique("free"), group });
  const basic = await createTestPlan({ planId: unique("basic"), group, price: { amount: 3000, interval: "month" }, items: item });
  const pro = await createTestPlan({ planId: unique("pro"), group, price: { amount: 6000, interval: "month" }, items: item });
  const max = await createTestPlan({ planId: unique("max"), group, price: { amount: 9000, interval: "month" }, items: item });
  const customer = await createTestCustomer();
  return { customer, customerId: customer.externalId!, free, basic, pro, max, seats };
}

/** The customer's newest customer plan row of a plan. */
export const planRow = (customerId: string, planPk: string) => db().customerPlan.findFirstOrThrow({ where: { customerId, planPk }, orderBy: { createdAt: "desc" } });

/** A subscription's invoices, oldest first. */
export const invoicesOf = async (subscriptionId: string) => (await testStripe().invoices.list({ subscription: subscriptionId, limit: 100 })).data.sort((a, b) => a.created - b.created);

/** Runs the outbox job that creates the plans' (one) Stripe subscription and delivers Stripe's webhooks; the subscription's id. */
async function startedSubscriptionId(customerPlanIds: string[]): Promise<string> {
  expect(await runOutboxOnce({ dedupeKeys: customerPlanIds.map((id) => `${START_BILLING_JOB}:${id}`) })).toMatchObject({ done: 1 });
  await testEmulator().flushWebhooks();
  const cp = await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanIds[0]! } });
  expect(cp.stripeSubscriptionId).toMatch(/^sub_/);
  return cp.stripeSubscriptionId!;
}

/** Runs the outbox job that creates the plans' Stripe subscription, then delivers Stripe's webhooks. */
export async function startBilling(customerPlanIds: string | string[]): Promise<Stripe.Subscription> {
  return testStripe().subscriptions.retrieve(await startedSubscriptionId([customerPlanIds].flat()));
}

/** startBilling, then the subscription's first invoice paid (out of band) and Stripe's webhooks delivered. */
export async function startAndPay(customerPlanIds: string | string[]): Promise<Stripe.Subscription> {
  const subscriptionId = await startedSubscriptionId([customerPlanIds].flat());
  const [first] = await invoicesOf(subscriptionId);
  await testStripe().invoices.pay(first!.id!, { paid_out_of_band: true });
  await testEmulator().flushWebhooks();
  return testStripe().subscriptions.retrieve(subscriptionId);
}
