// "Keep drafts for review" holds for renewals too (issue 18): the emulator creates a renewal as an
// auto-advancing draft and finalizes it an hour later, as Stripe does; Equinox's invoice.created
// webhook turns auto_advance off for a plan billed by invoice with auto_finalize off, and mirrors the
// draft for the customer page. Staff then finalize and send it in Stripe, as they do the first
// draft (the customer page lists drafts as "Not sent yet" and links them once sent). Its own file:
// advancing the emulator's clock by a month must not renew other test files' subscriptions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx } from "@/tests/factories";
import { runOnOwnDatabase } from "@/tests/factories/entitlements";
import { createPaidTestPlan, deliverWebhooksTo, signedWebhookRequest, testEmulator, testStripe } from "@/tests/factories/billing";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { handleStripeWebhook } from "../webhooks/handle-stripe-webhook";
import { readCustomerInvoices } from "../views/invoice-view";
import { enableBilledPlan } from "./enable-billed-plan";
import { START_BILLING_JOB } from "./billing-jobs";

runOnOwnDatabase("invoice-review");

let forwarder: Awaited<ReturnType<typeof deliverWebhooksTo>>;
beforeAll(async () => {
  forwarder = await deliverWebhooksTo((request) => handleStripeWebhook(request));
});
afterAll(async () => {
  await forwarder.close();
});

const HOUR = 3600;
const settle = () => testEmulator().flushWebhooks();

/** An invoice-billed plan whose first invoice is paid, and the end of its first period. */
async function billedAndPaid(autoFinalize: boolean) {
  const staff = await staffCtx();
  const customer = await createTestCustomer();
  const { plan } = await createPaidTestPlan({ amount: 2000 });
  const { customerPlan: cp } = await enableBilledPlan(staff, {
    customerId: customer.id,
    planId: plan.id,
    options: { customPriceAmount: 90_000 },
    billing: { mode: "invoice", days_until_due: 30, auto_finalize: autoFinalize, activate: "immediately" },
  });
  expect(await runOutboxOnce({ dedupeKeys: [`${START_BILLING_JOB}:${cp.id}`] })).toMatchObject({ done: 1 });
  await settle();
  const { stripeSubscriptionId } = await db().customerPlan.findUniqueOrThrow({ where: { id: cp.id } });
  const subscription = await testStripe().subscriptions.retrieve(stripeSubscriptionId!);
  const first = await testStripe().invoices.retrieve(subscription.latest_invoice as string);
  expect(first.status).toBe(autoFinalize ? "open" : "draft");
  await testStripe().invoices.pay(first.id!, { paid_out_of_band: true });
  await settle();
  return { customer, cp, subscription, firstId: first.id!, end: subscription.items.data[0]!.current_period_end };
}

async function renewalOf(subscriptionId: string, firstId: string) {
  const latest = (await testStripe().subscriptions.retrieve(subscriptionId)).latest_invoice as string;
  expect(latest).not.toBe(firstId);
  return testStripe().invoices.retrieve(latest);
}

const mirrored = (stripeInvoiceId: string) => db().invoice.findUniqueOrThrow({ where: { env_stripeInvoiceId: { env: "sandbox", stripeInvoiceId } } });

describe("renewal invoices of a plan billed by invoice", () => {
  it("with drafts reviewed first: the renewal stays a draft past Stripe's hour, shows on the customer page, and staff finalize and send it", async () => {
    const { customer, cp, subscription, firstId, end } = await billedAndPaid(false);

    testEmulator().advanceClock({ to: end });
    await settle();
    const renewal = await renewalOf(subscription.id, firstId);
    expect(renewal).toMatchObject({ status: "draft", billing_reason: "subscription_cycle", auto_advance: false, automatically_finalizes_at: null, amount_due: 90_000 });
    expect(await mirrored(renewal.id!)).toMatchObject({ customerId: customer.id, customerPlanId: cp.id, status: "draft", amountDue: 90_000 });
    const page = await readCustomerInvoices("sandbox", customer.id);
    expect(page.filter((invoice) => invoice.status === "draft")).toEqual([expect.objectContaining({ total: 90_000, hostedInvoiceUrl: null })]);

    // Stripe's hour passes (and a day more): still a draft.
    testEmulator().advanceClock({ to: end + 25 * HOUR });
    await settle();
    expect(await testStripe().invoices.retrieve(renewal.id!)).toMatchObject({ status: "draft", auto_advance: false });
    expect(await mirrored(renewal.id!)).toMatchObject({ status: "draft" });

    // The review flow, as for the first draft: finalize and send in Stripe; the mirror follows.
    await testStripe().invoices.finalizeInvoice(renewal.id!, { auto_advance: false });
    await testStripe().invoices.sendInvoice(renewal.id!);
    await settle();
    expect(await mirrored(renewal.id!)).toMatchObject({ status: "open", hostedInvoiceUrl: expect.stringContaining(renewal.id!), dueDate: expect.any(Date) });
    const after = await readCustomerInvoices("sandbox", customer.id);
    expect(after.filter((invoice) => invoice.status === "draft")).toHaveLength(0);

    // The renewal's invoice.created arriving again, late and as a new delivery (its draft snapshot):
    // the handler reads the invoice as Stripe has it now, so nothing goes back to draft.
    const [created] = (await testStripe().events.list({ type: "invoice.created", limit: 100 })).data.filter((event) => (event.data.object as { id?: string }).id === renewal.id);
    expect(created).toBeDefined();
    expect((await handleStripeWebhook(signedWebhookRequest(created!))).status).toBe(200);
    expect((await handleStripeWebhook(signedWebhookRequest({ ...created!, id: `${created!.id}_late` }))).status).toBe(200);
    expect(await mirrored(renewal.id!)).toMatchObject({ status: "open" });
    expect(await testStripe().invoices.retrieve(renewal.id!)).toMatchObject({ status: "open" });
  });

  it("with auto-finalize on: Stripe finalizes and sends the renewal an hour after it is made", async () => {
    const { customer, cp, subscription, firstId, end } = await billedAndPaid(true);

    testEmulator().advanceClock({ to: end });
    await settle();
    const draft = await renewalOf(subscription.id, firstId);
    expect(draft).toMatchObject({ status: "draft", auto_advance: true, automatically_finalizes_at: end + HOUR });

    testEmulator().advanceClock({ to: end + HOUR });
    await settle();
    const renewal = await testStripe().invoices.retrieve(draft.id!);
    expect(renewal).toMatchObject({ status: "open", auto_advance: true });
    const sent = (await testStripe().events.list({ type: "invoice.sent", limit: 100 })).data.map((event) => (event.data.object as { id?: string }).id);
    expect(sent).toContain(renewal.id);
    expect(await mirrored(renewal.id!)).toMatchObject({ customerId: customer.id, customerPlanId: cp.id, status: "open", amountDue: 90_000 });
  });
});
