// Card billing as the lifecycle tests arrange it: a paid plan enabled to start on payment, waiting
// for the customer's Checkout from the portal's pay button, and what Stripe refunded afterwards.
import type Stripe from "stripe";
import { expect } from "vitest";
import type { Ctx } from "@/lib/context";
import { enableBilledPlan } from "@/lib/billing/lifecycle/enable-billed-plan";
import { createPaidTestPlan, testStripe } from "./billing";
import { createTestCustomer, staffCtx } from "./index";

/** A customer's plan ($42.00 a month, custom price) billed by card and started on payment, so awaiting it; `portal` is the customer's own context for the pay button. */
export async function cardPlanAwaitingPayment() {
  const staff = await staffCtx();
  const customer = await createTestCustomer();
  const { plan, feature } = await createPaidTestPlan();
  const { customerPlan } = await enableBilledPlan(staff, { customerId: customer.id, planId: plan.id, options: { customPriceAmount: 4200 }, billing: { mode: "card", activate: "on_payment" } });
  const portal = { env: "sandbox" as const, actor: { kind: "end_customer" as const, userId: customer.externalId!, email: null } } satisfies Ctx;
  return { staff, customer, plan, feature, customerPlan, portal };
}

/** The refunds of the one payment of a subscription's latest invoice. */
export async function refundsOf(subscriptionId: string): Promise<Stripe.Refund[]> {
  const invoiceId = (await testStripe().subscriptions.retrieve(subscriptionId)).latest_invoice as string;
  const payments = await testStripe().invoicePayments.list({ invoice: invoiceId });
  expect(payments.data).toHaveLength(1);
  const intent = payments.data[0]!.payment.payment_intent as string;
  return (await testStripe().refunds.list({ payment_intent: intent })).data;
}
