// The billing lifecycle against the real test PostgreSQL and the test file's Stripe emulator, with
// webhooks delivered to the app's route: invoice billing end to end (negotiated price and net terms,
// finalize+send or drafts, activate on payment, past due, void), waiting billing that starts at the
// claim or at a contract's start, contracts that renew or end, the owner's reminder (real SMTP to a
// sink), card billing through Checkout linked to the same customer plan, replayed and out-of-order
// invoice events, a Stripe outage retried by the outbox, and free plans with no Stripe at all.
import nodemailer from "nodemailer";
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx } from "@/tests/factories/customers";
import { createTestFeature, createTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { createPaidTestPlan, deliverWebhooksTo, payHostedCheckout, signedWebhookRequest, testEmulator, testStripe } from "@/tests/factories/billing";
import { cardPlanAwaitingPayment } from "@/tests/factories/card-billing";
import { startMailSink, type MailSink, type SinkMessage } from "@/e2e/harness/mail-sink";
import { check } from "@/lib/balances/check";
import { createCustomer } from "@/lib/customers/create-customer";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { CUSTOMER_CLAIMED_SUBSCRIBERS, SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { runMaintenanceOnce } from "@/lib/maintenance/run-maintenance";
import { handleStripeWebhook } from "../webhooks/handle-stripe-webhook";

// The webhook as app/api/webhooks/stripe/route.ts serves it (lib may not import app/).
const stripeWebhookRoute = (request: Request) => handleStripeWebhook(request);
import { enableBilledPlan } from "./enable-billed-plan";
import { startCardPayment } from "./start-card-payment";
import { RENEWAL_REMINDER_JOB, START_BILLING_JOB } from "./billing-jobs";
import { AWAITING_PAYMENT_STARTS_AT } from "./awaiting-payment";
import { previewNextInvoice } from "@/lib/billing/preview/preview-next-invoice";
import { upsertInvoiceFromStripe } from "../invoices/mirror-invoice";
import { stripeFor } from "../stripe-client";
import { getCustomer } from "@/lib/customers/get-customer";
import { listCustomerPlans } from "@/lib/plans/list-customer-plans";
import { listRenewals } from "../contracts/list-renewals";

runOnOwnDatabase("billing-lifecycle");

// Mail goes through the real SMTP sender (lib/auth/send-mail.ts) to a sink on 127.0.0.1.
vi.hoisted(() => {
  process.env.EMAIL_SERVER = "smtp://127.0.0.1:25";
});
let sink: MailSink;
let forwarder: Awaited<ReturnType<typeof deliverWebhooksTo>>;
beforeAll(async () => {
  sink = await startMailSink();
  (globalThis as { __equinoxMailer?: unknown }).__equinoxMailer = nodemailer.createTransport({ host: "127.0.0.1", port: sink.smtpPort, secure: false, ignoreTLS: true });
  forwarder = await deliverWebhooksTo(stripeWebhookRoute);
});
afterAll(async () => {
  await forwarder.close();
  delete (globalThis as { __equinoxMailer?: unknown }).__equinoxMailer;
  await sink.close();
});
const mailTo = async (to: string): Promise<SinkMessage[]> => (await fetch(`${sink.httpUrl}/?to=${encodeURIComponent(to)}`)).json();

const DAY = 24 * 60 * 60_000;
const runStartJob = (customerPlanId: string) => runOutboxOnce({ dedupeKeys: [`${START_BILLING_JOB}:${customerPlanId}`] });
const settle = () => testEmulator().flushWebhooks();
const row = (id: string) => db().customerPlan.findUniqueOrThrow({ where: { id } });
const allowed = async (customer: { externalId: string | null }, featureId: string) =>
  (await check(apiKeyCtx(), { customer_id: customer.externalId!, feature_id: featureId })).allowed;

async function invoiceBilled(options: { amount?: number; activate?: "immediately" | "on_payment"; autoFinalize?: boolean; days?: number; customPrice?: number } = {}) {
  const staff = await staffCtx();
  const customer = await createTestCustomer();
  const { plan, feature } = await createPaidTestPlan({ amount: options.amount ?? 2000 });
  const enabled = await enableBilledPlan(staff, {
    customerId: customer.id,
    planId: plan.id,
    options: { customPriceAmount: options.customPrice ?? null },
    billing: { mode: "invoice", days_until_due: options.days ?? 30, auto_finalize: options.autoFinalize ?? true, activate: options.activate ?? "immediately" },
  });
  return { staff, customer, plan, feature, cp: enabled.customerPlan };
}

async function subscriptionOf(customerPlanId: string): Promise<Stripe.Subscription> {
  const cp = await row(customerPlanId);
  expect(cp.stripeSubscriptionId).toMatch(/^sub_/);
  return testStripe().subscriptions.retrieve(cp.stripeSubscriptionId!);
}

async function latestInvoiceOf(customerPlanId: string): Promise<Stripe.Invoice> {
  const subscription = await subscriptionOf(customerPlanId);
  return testStripe().invoices.retrieve(subscription.latest_invoice as string);
}

describe("invoice billing", () => {
  it("creates a send_invoice subscription at the negotiated price and net terms, finalises and sends the first invoice, and is active once paid", async () => {
    const { customer, feature, cp } = await invoiceBilled({ amount: 2000, customPrice: 375_000, days: 15 });
    expect(cp).toMatchObject({ billingMode: "invoice", billingState: "starting", status: "active", invoiceDaysUntilDue: 15, invoiceAutoFinalize: true, activateOnPayment: false });
    // Active at once (activate: immediately), before anything is billed.
    expect(await allowed(customer, feature.id)).toBe(true);

    expect(await runStartJob(cp.id)).toMatchObject({ done: 1 });
    await settle();
    const subscription = await subscriptionOf(cp.id);
    expect(subscription).toMatchObject({
      collection_method: "send_invoice",
      days_until_due: 15,
      metadata: expect.objectContaining({ equinox_env: "sandbox", equinox_customer_id: customer.id, equinox_customer_plan_id: cp.id }),
    });
    expect(subscription.items.data[0]!.price).toMatchObject({ unit_amount: 375_000, currency: "usd", recurring: expect.objectContaining({ interval: "month" }) });
    const invoice = await latestInvoiceOf(cp.id);
    expect(invoice).toMatchObject({ status: "open", collection_method: "send_invoice", amount_due: 375_000 });
    expect(invoice.due_date).not.toBeNull();
    expect(await row(cp.id)).toMatchObject({ billingState: "awaiting_payment", stripeSubscriptionId: subscription.id });
    expect(await db().invoice.findUniqueOrThrow({ where: { env_stripeInvoiceId: { env: "sandbox", stripeInvoiceId: invoice.id! } } })).toMatchObject({
      customerId: customer.id,
      customerPlanId: cp.id,
      status: "open",
      amountDue: 375_000,
      collectionMethod: "send_invoice",
    });

    await testStripe().invoices.pay(invoice.id!, { paid_out_of_band: true });
    await settle();
    expect(await row(cp.id)).toMatchObject({ billingState: "active", pastDue: false, status: "active" });
    expect(await db().invoice.findFirstOrThrow({ where: { stripeInvoiceId: invoice.id! } })).toMatchObject({ status: "paid", amountPaid: 375_000, paidAt: expect.any(Date) });
  });

  it("keeps the first invoice as a draft for review when auto_finalize is off", async () => {
    const { cp } = await invoiceBilled({ autoFinalize: false });
    await runStartJob(cp.id);
    await settle();
    const invoice = await latestInvoiceOf(cp.id);
    expect(invoice).toMatchObject({ status: "draft", auto_advance: false });
    expect(await row(cp.id)).toMatchObject({ billingState: "awaiting_payment" });
    expect(await db().invoice.findFirstOrThrow({ where: { stripeInvoiceId: invoice.id! } })).toMatchObject({ status: "draft" });
  });

  it("activate on payment: the features wait (the previous plan stays) until the first invoice is paid", async () => {
    const { customer, feature, cp } = await invoiceBilled({ activate: "on_payment" });
    expect(cp).toMatchObject({ status: "scheduled", startsAt: AWAITING_PAYMENT_STARTS_AT, activateOnPayment: true });
    expect(await allowed(customer, feature.id)).toBe(false);
    await runStartJob(cp.id);
    await settle();
    expect(await row(cp.id)).toMatchObject({ status: "scheduled", billingState: "awaiting_payment" });
    expect(await allowed(customer, feature.id)).toBe(false);
    // Its first invoice is the open one: no "next invoice" dated from the placeholder start.
    expect(await previewNextInvoice(apiKeyCtx(), customer.id)).toBeNull();

    const invoice = await latestInvoiceOf(cp.id);
    await testStripe().invoices.pay(invoice.id!, { paid_out_of_band: true });
    await settle();
    const after = await row(cp.id);
    expect(after).toMatchObject({ status: "active", billingState: "active" });
    expect(after.startsAt.getTime()).toBeLessThan(Date.now() + 1000);
    expect(await allowed(customer, feature.id)).toBe(true);
    // The balance resets from the payment, not from the placeholder date.
    const grant = await db().grant.findFirstOrThrow({ where: { customerPlanId: cp.id } });
    expect(grant.nextResetAt!.getTime()).toBeLessThan(Date.now() + 32 * DAY);
  });

  it("a plan waiting for payment never shows its 9999 placeholder: the API's started_at is its billing start, the customer page says it starts once paid", async () => {
    const { staff, customer, cp } = await invoiceBilled({ activate: "on_payment" });
    const view = await getCustomer(apiKeyCtx(), { customer_id: customer.externalId! });
    const subscription = view.subscriptions.find((s) => s.id === cp.id);
    expect(subscription).toMatchObject({ status: "scheduled" });
    expect(subscription!.started_at).toBeLessThan(Date.now() + 1000);
    const listed = (await listCustomerPlans(staff, { customerId: customer.id })).find((p) => p.id === cp.id);
    expect(listed).toMatchObject({ waitsForPayment: true });
    expect(listed!.startsAt.getTime()).toBeLessThan(Date.now() + 1000);
  });

  it("a failed payment makes the plan past due; paying clears it", async () => {
    const { cp } = await invoiceBilled();
    await runStartJob(cp.id);
    await settle();
    await testStripe().invoices.pay((await latestInvoiceOf(cp.id)).id!, { paid_out_of_band: true });
    await settle();
    const subscription = await subscriptionOf(cp.id);
    const renewal = testEmulator().failSubscriptionPayment(subscription.id);
    await settle();
    expect(await row(cp.id)).toMatchObject({ billingState: "past_due", pastDue: true, status: "active" });

    await testStripe().invoices.pay(renewal.invoice!.id!, { paid_out_of_band: true });
    await settle();
    expect(await row(cp.id)).toMatchObject({ billingState: "active", pastDue: false });
  });

  it("a voided first invoice expires the plan that waited for it and cancels its subscription", async () => {
    const { customer, feature, cp } = await invoiceBilled({ activate: "on_payment" });
    await runStartJob(cp.id);
    await settle();
    const invoice = await latestInvoiceOf(cp.id);
    await testStripe().invoices.voidInvoice(invoice.id!);
    await settle();
    expect(await row(cp.id)).toMatchObject({ status: "expired", billingState: "ended" });
    expect(await allowed(customer, feature.id)).toBe(false);
    expect(await db().invoice.findFirstOrThrow({ where: { stripeInvoiceId: invoice.id! } })).toMatchObject({ status: "void", voidedAt: expect.any(Date) });
    const subscriptionId = (await row(cp.id)).stripeSubscriptionId!;
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscriptionId}`] })).toMatchObject({ done: 1 });
    expect((await testStripe().subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
  });
});

describe("a subscription for a customer plan that ended meanwhile", () => {
  it("staff cancel the plan while its invoice subscription is being made: the job links nothing and cancels the subscription", async () => {
    const { cp, customer } = await invoiceBilled();
    const stripe = testStripe();
    const create = stripe.subscriptions.create.bind(stripe.subscriptions);
    // The cancellation lands between the job's read of the plan and its link.
    const spy = vi.spyOn(stripeFor("sandbox").subscriptions, "create").mockImplementation(async (...args: Parameters<typeof create>) => {
      await db().customerPlan.update({ where: { id: cp.id }, data: { status: "canceled", endsAt: new Date() } });
      return create(...args);
    });
    try {
      await runStartJob(cp.id);
    } finally {
      spy.mockRestore();
    }
    await settle();
    expect(await row(cp.id)).toMatchObject({ status: "canceled", stripeSubscriptionId: null, billingState: "ended" });
    expect(await db().customerPlan.count({ where: { customerId: customer.id, planPk: cp.planPk, status: "active" } })).toBe(0);
    const [subscription] = (await stripe.subscriptions.list({ customer: (await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId! })).data;
    expect(subscription!.metadata.equinox_customer_plan_id).toBe(cp.id);
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription!.id}`] })).toMatchObject({ done: 1 });
    expect((await stripe.subscriptions.retrieve(subscription!.id)).status).toBe("canceled");
    await settle();
  });
});

describe("billing that waits", () => {
  it("a pending customer's invoice billing starts at the claim", async () => {
    const staff = await staffCtx();
    const email = `${unique("acme")}@example.test`;
    const { customer } = await createCustomer(staff, { name: "Acme", email });
    const { plan } = await createPaidTestPlan();
    const { customerPlan } = await enableBilledPlan(staff, { customerId: customer.id, planId: plan.id, options: { customPriceAmount: 9900 }, billing: { mode: "invoice" } });
    expect(customerPlan).toMatchObject({ billingState: "waiting", status: "active" });
    expect(await db().outboxJob.count({ where: { dedupeKey: `${START_BILLING_JOB}:${customerPlan.id}` } })).toBe(0);
    // Maintenance does not start it either: no id yet.
    await runMaintenanceOnce();
    expect(await row(customerPlan.id)).toMatchObject({ billingState: "waiting" });

    await getOrCreateCustomer(apiKeyCtx(), { customer_id: unique("acme"), email });
    expect(await runOutboxOnce({ dedupeKeys: [`${CUSTOMER_CLAIMED_SUBSCRIBERS.startBilling}:${customer.id}`] })).toMatchObject({ done: 1 });
    expect(await row(customerPlan.id)).toMatchObject({ billingState: "starting" });
    await runStartJob(customerPlan.id);
    await settle();
    expect(await row(customerPlan.id)).toMatchObject({ billingState: "awaiting_payment", stripeSubscriptionId: expect.stringMatching(/^sub_/) });
    expect((await subscriptionOf(customerPlan.id)).items.data[0]!.price.unit_amount).toBe(9900);
  });

  it("a contract starting later waits for its start date, then maintenance starts its billing", async () => {
    const staff = await staffCtx();
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan();
    const now = new Date();
    const startsAt = new Date(now.getTime() + 10 * DAY);
    const { customerPlan } = await enableBilledPlan(
      staff,
      { customerId: customer.id, planId: plan.id, options: { startsAt, endsAt: new Date(startsAt.getTime() + 365 * DAY) }, billing: { mode: "invoice", on_end: "renew" } },
      { now },
    );
    expect(customerPlan).toMatchObject({ billingState: "waiting", status: "scheduled", onContractEnd: "renew", termStartsAt: startsAt });
    expect((await runMaintenanceOnce(new Date(now.getTime() + 9 * DAY))).contracts.billingStarted).toBe(0);
    expect(await row(customerPlan.id)).toMatchObject({ billingState: "waiting" });
    expect((await runMaintenanceOnce(new Date(startsAt.getTime() + 60_000))).contracts.billingStarted).toBe(1);
    expect(await row(customerPlan.id)).toMatchObject({ billingState: "starting" });
    expect(await db().outboxJob.count({ where: { dedupeKey: `${START_BILLING_JOB}:${customerPlan.id}`, status: "pending" } })).toBe(1);
  });
});

describe("contracts", () => {
  async function contract(onEnd: "renew" | "end", options: { reminderDays?: number; ownerCtx?: Awaited<ReturnType<typeof staffCtx>> } = {}) {
    const staff = options.ownerCtx ?? (await staffCtx());
    const group = unique("tier");
    const feature = await createTestFeature();
    await createTestPlan({ group, isDefault: true, items: [{ featureId: feature.id, included: 1, resetInterval: "month" }] });
    const paid = await createTestPlan({ group, price: { amount: 50_000, interval: "month" }, items: [{ featureId: feature.id, included: 1000, resetInterval: "month" }] });
    const { customer } = await createCustomer(staff, { name: "Contract Co", email: `${unique("co")}@example.test`, id: unique("co") });
    const now = new Date();
    const startsAt = new Date(now.getTime() - 300 * DAY);
    const endsAt = new Date(now.getTime() + 20 * DAY);
    const { customerPlan } = await enableBilledPlan(staff, {
      customerId: customer.id,
      planId: paid.id,
      options: { startsAt: now, endsAt },
      billing: { mode: "elsewhere", on_end: onEnd, reminder_days: options.reminderDays ?? 0 },
    });
    // As if it had started 300 days ago (a 320-day term).
    await db().customerPlan.update({ where: { id: customerPlan.id }, data: { startsAt, termStartsAt: startsAt } });
    return { staff, customer, feature, group, cp: await row(customerPlan.id), endsAt, startsAt };
  }

  it("renews for another term of the same length before the end date (nothing expires)", async () => {
    const { cp, endsAt, startsAt } = await contract("renew");
    const { contracts } = await runMaintenanceOnce(new Date(endsAt.getTime() - 60 * 60_000));
    expect(contracts.renewed).toBeGreaterThanOrEqual(1);
    const after = await row(cp.id);
    expect(after.status).toBe("active");
    expect(after.termStartsAt).toEqual(endsAt);
    expect(after.endsAt!.getTime()).toBe(endsAt.getTime() + (endsAt.getTime() - startsAt.getTime()));
    expect(await db().auditEvent.count({ where: { targetId: cp.id, action: "customer_plan.contract_renewed" } })).toBe(1);
  });

  it("a renewing contract cancelled at period end is not renewed: it ends at its end date", async () => {
    const { cp, endsAt } = await contract("renew");
    await db().customerPlan.update({ where: { id: cp.id }, data: { cancelAtPeriodEnd: true } });
    await runMaintenanceOnce(new Date(endsAt.getTime() - 60 * 60_000));
    expect(await row(cp.id)).toMatchObject({ status: "active", endsAt });
    expect(await db().auditEvent.count({ where: { targetId: cp.id, action: "customer_plan.contract_renewed" } })).toBe(0);
    await runMaintenanceOnce(new Date(endsAt.getTime() + 60_000));
    expect(await row(cp.id)).toMatchObject({ status: "expired" });
  });

  it("ends at the end date: the plan expires and the group's default plan applies", async () => {
    const { cp, customer, endsAt, group } = await contract("end");
    await runMaintenanceOnce(new Date(endsAt.getTime() - 60 * 60_000));
    expect(await row(cp.id)).toMatchObject({ status: "active" });
    await runMaintenanceOnce(new Date(endsAt.getTime() + 60_000));
    expect(await row(cp.id)).toMatchObject({ status: "expired" });
    // Default plans are environment-wide (other tests' groups too): this contract's group.
    const current = await db().customerPlan.findMany({ where: { customerId: customer.id, status: "active", plan: { group } }, include: { plan: true } });
    expect(current).toHaveLength(1);
    expect(current[0]!.plan.isDefault).toBe(true);
  });

  it("an invoice-billed contract that ends cancels its Stripe subscription", async () => {
    const staff = await staffCtx();
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan();
    const now = new Date();
    const endsAt = new Date(now.getTime() + 40 * DAY);
    const { customerPlan } = await enableBilledPlan(staff, { customerId: customer.id, planId: plan.id, options: { endsAt }, billing: { mode: "invoice", on_end: "end" } }, { now });
    await runStartJob(customerPlan.id);
    await settle();
    const subscriptionId = (await row(customerPlan.id)).stripeSubscriptionId!;
    const { contracts } = await runMaintenanceOnce(new Date(endsAt.getTime() + 60_000));
    expect(contracts.billingEnded).toBeGreaterThanOrEqual(1);
    expect(await row(customerPlan.id)).toMatchObject({ status: "expired", billingState: "ended" });
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscriptionId}`] })).toMatchObject({ done: 1 });
    expect((await testStripe().subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
  });

  it("reminds the owner once per term, renewal_reminder_days before the end, by email; Renewals lists the contract", async () => {
    const owner = await staffCtx();
    const { cp, endsAt } = await contract("renew", { reminderDays: 30, ownerCtx: owner });
    const renewals = await listRenewals(owner, { withinDays: 30 });
    expect(renewals.find((r) => r.customerPlanId === cp.id)).toMatchObject({ onEnd: "renew", reminderDays: 30, remindedAt: null, daysLeft: 20 });
    expect((await listRenewals(owner, { withinDays: 30, onEnd: "end" })).some((r) => r.customerPlanId === cp.id)).toBe(false);

    const first = await runMaintenanceOnce();
    expect(first.contracts.reminded).toBeGreaterThanOrEqual(1);
    expect(await row(cp.id)).toMatchObject({ renewalRemindedAt: expect.any(Date) });
    await runMaintenanceOnce();
    const jobs = await db().outboxJob.findMany({ where: { kind: RENEWAL_REMINDER_JOB, payload: { path: ["customerPlanId"], equals: cp.id } } });
    expect(jobs).toHaveLength(1);
    expect(await runOutboxOnce({ jobIds: [jobs[0]!.id] })).toMatchObject({ done: 1 });
    const mails = await mailTo((owner.actor as { email: string }).email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(`renews on ${endsAt.toISOString().slice(0, 10)}`);
  });
});

describe("card billing", () => {
  it("the pay button's Checkout activates THAT customer plan (no second one) when paid", async () => {
    const { customer, feature, customerPlan, portal } = await cardPlanAwaitingPayment();
    expect(customerPlan).toMatchObject({ billingMode: "card", billingState: "awaiting_payment", status: "scheduled" });
    expect(await allowed(customer, feature.id)).toBe(false);

    const { url } = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/done" });
    expect((await payHostedCheckout(url)).status).toBe(303);
    await settle();
    const after = await row(customerPlan.id);
    expect(after).toMatchObject({ status: "active", billingState: "active", stripeSubscriptionId: expect.stringMatching(/^sub_/) });
    expect(await db().customerPlan.count({ where: { customerId: customer.id, planPk: after.planPk } })).toBe(1);
    expect(await allowed(customer, feature.id)).toBe(true);
    expect((await testStripe().subscriptions.retrieve(after.stripeSubscriptionId!)).items.data[0]!.price.unit_amount).toBe(4200);
  });

  it("a second subscription for the same customer plan (a second tab's Checkout paid) enables nothing and is cancelled", async () => {
    const { customer, customerPlan, portal } = await cardPlanAwaitingPayment();
    const { url } = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/done" });
    expect((await payHostedCheckout(url)).status).toBe(303);
    await settle();
    const first = await row(customerPlan.id);
    const billing = await testStripe().subscriptions.retrieve(first.stripeSubscriptionId!);
    // The other tab's Checkout: a subscription with the same customer plan's metadata, paid too.
    const second = await testStripe().subscriptions.create({
      customer: billing.customer as string,
      items: [{ price: billing.items.data[0]!.price.id }],
      metadata: billing.metadata,
    });
    await settle();
    expect(await row(customerPlan.id)).toMatchObject({ status: "active", stripeSubscriptionId: first.stripeSubscriptionId, customPriceAmount: 4200 });
    expect(await db().customerPlan.count({ where: { customerId: customer.id, planPk: first.planPk } })).toBe(1);
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${second.id}`] })).toMatchObject({ done: 1 });
    expect((await testStripe().subscriptions.retrieve(second.id)).status).toBe("canceled");
    expect((await testStripe().subscriptions.retrieve(billing.id)).status).toBe("active");
    await settle();
  });

  it("pay now pressed again (a second tab) continues the same open Checkout rather than a second one", async () => {
    const { customer, customerPlan, portal } = await cardPlanAwaitingPayment();
    const first = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/done" });
    const second = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/done" });
    expect(second).toEqual(first);
    const stripeId = (await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId!;
    expect((await testStripe().checkout.sessions.list({ customer: stripeId })).data).toHaveLength(1);
  });

  it("someone else's customer plan is not found for the portal's pay button", async () => {
    const staff = await staffCtx();
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan();
    const { customerPlan } = await enableBilledPlan(staff, { customerId: customer.id, planId: plan.id, options: {}, billing: { mode: "card" } });
    const stranger = { env: "sandbox" as const, actor: { kind: "end_customer" as const, userId: unique("stranger"), email: null } };
    await expect(startCardPayment(stranger, customerPlan.id)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("the invoices mirror", () => {
  it("ignores replayed and older events, and a paid invoice never goes back to open", async () => {
    const { cp } = await invoiceBilled();
    await runStartJob(cp.id);
    await settle();
    const open = await latestInvoiceOf(cp.id);
    const paid = await testStripe().invoices.pay(open.id!, { paid_out_of_band: true });
    await settle();
    const base = Math.floor(Date.now() / 1000) + 1000;
    expect(await upsertInvoiceFromStripe("sandbox", paid, base)).toMatchObject({ status: "paid", sourceEventCreated: base });
    // An older event (the open invoice) arrives late: ignored.
    expect(await upsertInvoiceFromStripe("sandbox", open, base - 10)).toBeNull();
    // A replay of the same moment with the open state: a paid invoice stays paid.
    expect(await upsertInvoiceFromStripe("sandbox", open, base)).toBeNull();
    expect(await upsertInvoiceFromStripe("sandbox", open, base + 10)).toBeNull();
    expect(await db().invoice.findFirstOrThrow({ where: { stripeInvoiceId: open.id! } })).toMatchObject({ status: "paid", sourceEventCreated: base });
    expect(await db().invoice.count({ where: { stripeInvoiceId: open.id! } })).toBe(1);
  });

  it("replayed invoice webhooks (delivered again, newest first) change nothing", async () => {
    const { cp } = await invoiceBilled({ activate: "on_payment" });
    await runStartJob(cp.id);
    await settle();
    const invoice = await latestInvoiceOf(cp.id);
    await testStripe().invoices.pay(invoice.id!, { paid_out_of_band: true });
    await settle();
    const events = (await testStripe().events.list({ limit: 100 })).data.filter((event) => (event.data.object as { id?: string }).id === invoice.id);
    expect(events.map((event) => event.type)).toContain("invoice.paid");
    // Every event again, oldest last (replays in reverse order): nothing changes.
    const before = await row(cp.id);
    for (const event of events) {
      const response = await stripeWebhookRoute(signedWebhookRequest(event));
      expect(response.status).toBe(200);
    }
    expect(await row(cp.id)).toEqual(before);
    expect(await db().invoice.findFirstOrThrow({ where: { stripeInvoiceId: invoice.id! } })).toMatchObject({ status: "paid" });
  });
});

describe("outages and free plans", () => {
  it("a Stripe outage while starting billing is retried by the outbox; the change is never lost", async () => {
    const { cp } = await invoiceBilled();
    // 500 twice: the SDK's one automatic retry fails too.
    testEmulator().failNext({ count: 2, mode: "500", path: "/v1/subscriptions", method: "POST" });
    expect(await runStartJob(cp.id)).toMatchObject({ retried: 1, done: 0 });
    expect(await row(cp.id)).toMatchObject({ billingState: "starting", stripeSubscriptionId: null });
    const job = await db().outboxJob.findFirstOrThrow({ where: { dedupeKey: `${START_BILLING_JOB}:${cp.id}` } });
    expect(job).toMatchObject({ status: "pending", attempts: 1 });
    await db().outboxJob.update({ where: { id: job.id }, data: { runAfter: new Date() } });
    expect(await runStartJob(cp.id)).toMatchObject({ done: 1 });
    await settle();
    expect(await row(cp.id)).toMatchObject({ billingState: "awaiting_payment", stripeSubscriptionId: expect.stringMatching(/^sub_/) });
    // Exactly one subscription for the customer, however many attempts.
    const customer = await db().customer.findUniqueOrThrow({ where: { id: cp.customerId } });
    expect((await testStripe().subscriptions.list({ customer: customer.stripeId! })).data).toHaveLength(1);
  });

  it("a free plan needs no Stripe: enabled with no key configured, billing state none, no job", async () => {
    const config = env();
    const key = config.STRIPE_SECRET_KEY_SANDBOX;
    (config as { STRIPE_SECRET_KEY_SANDBOX?: string }).STRIPE_SECRET_KEY_SANDBOX = undefined;
    try {
      const customer = await createTestCustomer();
      const feature = await createTestFeature();
      const plan = await createTestPlan({ items: [{ featureId: feature.id, included: 5 }] });
      const { customerPlan } = await enableBilledPlan(await staffCtx(), { customerId: customer.id, planId: plan.id, options: {}, billing: { mode: "invoice" } });
      expect(customerPlan).toMatchObject({ status: "active", billingMode: null, billingState: "none" });
      expect(await db().outboxJob.count({ where: { dedupeKey: `${START_BILLING_JOB}:${customerPlan.id}` } })).toBe(0);
      expect(await allowed(customer, feature.id)).toBe(true);
    } finally {
      (config as { STRIPE_SECRET_KEY_SANDBOX?: string }).STRIPE_SECRET_KEY_SANDBOX = key;
    }
  });

  it("refuses invoice and card billing when Stripe is not configured for the environment, on the billing.mode field, enabling nothing", async () => {
    const config = env();
    const key = config.STRIPE_SECRET_KEY_SANDBOX;
    (config as { STRIPE_SECRET_KEY_SANDBOX?: string }).STRIPE_SECRET_KEY_SANDBOX = undefined;
    try {
      const customer = await createTestCustomer();
      const { plan } = await createPaidTestPlan();
      for (const mode of ["invoice", "card"] as const) {
        await expect(enableBilledPlan(await staffCtx(), { customerId: customer.id, planId: plan.id, options: {}, billing: { mode } })).rejects.toMatchObject({
          code: "invalid_inputs",
          field: "billing.mode",
        });
      }
      expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
      const { customerPlan } = await enableBilledPlan(await staffCtx(), { customerId: customer.id, planId: plan.id, options: {}, billing: { mode: "elsewhere" } });
      expect(customerPlan).toMatchObject({ status: "active", billingMode: "elsewhere" });
    } finally {
      (config as { STRIPE_SECRET_KEY_SANDBOX?: string }).STRIPE_SECRET_KEY_SANDBOX = key;
    }
  });

  it("refuses bad billing options with a field under billing", async () => {
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan();
    await expect(
      enableBilledPlan(await staffCtx(), { customerId: customer.id, planId: plan.id, options: {}, billing: { mode: "invoice", days_until_due: 400 } }),
    ).rejects.toMatchObject({ code: "invalid_inputs", field: "billing.days_until_due" });
    await expect(
      enableBilledPlan(await staffCtx(), { customerId: customer.id, planId: plan.id, options: {}, billing: { mode: "elsewhere", activate: "on_payment" } }),
    ).rejects.toMatchObject({ code: "invalid_inputs", field: "billing.activate" });
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
  });
});

