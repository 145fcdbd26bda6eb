// invoices.create and invoices.reissue through autumn-js against the handlers and the Stripe
// emulator, with webhooks delivered to the app's route: a standalone invoice from a catalog plan
// and a custom charge (lines, totals, due date, in invoices.list), a preview that creates nothing,
// a reissue that voids the original and keeps its due date and subscription so paying the
// replacement starts the plan waiting for it, the refusals, and sandbox / live kept apart.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { createPaidTestPlan, createStripeTestCustomer, testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { linkedCustomerChangedKey } from "@/lib/outbox/domain-events";
import { updateCustomer } from "@/lib/customers/update-customer";
import { enableBilledPlan } from "@/lib/billing/lifecycle/enable-billed-plan";
import { START_BILLING_JOB } from "@/lib/billing/lifecycle/billing-jobs";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import * as invoicesCreate from "./invoices.create/route";
import * as invoicesReissue from "./invoices.reissue/route";
import * as invoicesList from "./invoices.list/route";

const { autumn, liveAutumn } = await setupSdkApi({ "invoices.create": invoicesCreate, "invoices.reissue": invoicesReissue, "invoices.list": invoicesList }, { webhooks: stripeWebhook, live: true });

const DAY = 86_400_000;
const settle = () => testEmulator().flushWebhooks();

/** A send-invoice invoice of a customer's own, open, with one line, due in `days` (or already due), mirrored in Equinox. */
async function openStandaloneInvoice(customerId: string, options: { dueDate?: number } = {}) {
  const stripeCustomer = await createStripeTestCustomer();
  await db().customer.update({ where: { id: customerId }, data: { stripeId: stripeCustomer.id } });
  const stripe = testStripe();
  const draft = await stripe.invoices.create({
    customer: stripeCustomer.id,
    collection_method: "send_invoice",
    ...(options.dueDate ? { due_date: options.dueDate } : { days_until_due: 30 }),
    pending_invoice_items_behavior: "exclude",
  });
  await stripe.invoiceItems.create({ customer: stripeCustomer.id, invoice: draft.id, amount: 4200, currency: "usd", description: "Consulting" });
  const finalized = await stripe.invoices.finalizeInvoice(draft.id!);
  // Equinox knows an invoice made in Stripe once its webhook has mirrored it (a loaded machine delivered it late).
  await settle();
  return finalized;
}

describe("invoices.create through autumn-js", () => {
  it("a catalog plan at its list price plus a custom charge: one open send-invoice invoice, due on the net terms, in invoices.list; nothing else changes", async () => {
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan({ amount: 2500 });
    const before = Date.now();
    const answer = await autumn.invoices.create({
      customerId: customer.externalId!,
      plans: [{ planId: plan.id }],
      customLineItems: [{ description: "Onboarding", amount: 99.5 }],
      netTermsDays: 14,
    });
    expect(answer.preview).toMatchObject({ currency: "usd", subtotal: 124.5, total: 124.5, discountTotal: 0, tax: null, amountDue: 124.5 });
    expect(answer.preview.lines.map((l) => [l.planId, l.description, l.amount, l.amountAfterDiscounts, l.prorated])).toEqual([
      [plan.id, plan.name, 25, 25, false],
      [null, "Onboarding", 99.5, 99.5, false],
    ]);
    expect(answer.preview.dueDate! - before).toBeGreaterThanOrEqual(14 * DAY - 2000);
    expect(answer.preview.dueDate! - before).toBeLessThanOrEqual(14 * DAY + 60_000);
    expect(answer.invoice).toMatchObject({ status: "open", total: 124.5, currency: "usd", customerId: customer.externalId, planIds: [plan.id], processorType: "stripe" });
    expect(answer.invoice!.items!.map((i) => [i.description, i.amount, i.planId])).toEqual([
      [plan.name, 25, plan.id],
      ["Onboarding", 99.5, null],
    ]);

    const inStripe = await testStripe().invoices.retrieve(answer.invoice!.stripeId);
    expect(inStripe).toMatchObject({ status: "open", collection_method: "send_invoice", amount_due: 12450, due_date: answer.preview.dueDate! / 1000 });
    expect(inStripe.parent?.subscription_details ?? null).toBeNull();
    const listed = await autumn.invoices.list({ customerId: customer.externalId! });
    expect(listed.list.map((i) => [i.id, i.status, i.total])).toEqual([[answer.invoice!.id, "open", 124.5]]);
    // No plan was enabled, no subscription made.
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
    expect((await testStripe().subscriptions.list({ customer: inStripe.customer as string })).data).toEqual([]);
  });

  it("preview: true answers the lines and totals and creates nothing, not even a Stripe customer", async () => {
    const customer = await createTestCustomer();
    const answer = await autumn.invoices.create({ customerId: customer.externalId!, customLineItems: [{ description: "Setup", amount: 10 }, { description: "Credit", amount: -2.25 }], preview: true });
    expect(answer.invoice).toBeNull();
    expect(answer.preview).toMatchObject({ total: 7.75, amountDue: 7.75, lines: [{ amount: 10 }, { amount: -2.25 }] });
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId).toBeNull();
    expect(await db().invoice.count({ where: { customerId: customer.id } })).toBe(0);
  });

  it("refuses an unknown customer or plan, an invoice template, no lines, and what it does not price, with their codes", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    expect(await sdkError(autumn.invoices.create({ customerId: unique("ghost"), customLineItems: [{ description: "x", amount: 1 }] }))).toMatchObject({ status: 404, body: { code: "customer_not_found" } });
    expect(await sdkError(autumn.invoices.create({ customerId, plans: [{ planId: unique("nope") }] }))).toMatchObject({ status: 404, body: { code: "plan_not_found" } });
    const { plan } = await createPaidTestPlan();
    expect(await sdkError(autumn.invoices.create({ customerId, plans: [{ planId: plan.id, version: 9 }] }))).toMatchObject({ status: 404, body: { code: "plan_not_found" } });
    expect(await sdkError(autumn.invoices.create({ customerId, customLineItems: [{ description: "x", amount: 1 }], invoiceTemplateId: "tmpl_1" }))).toMatchObject({
      status: 404,
      body: { code: "not_found" },
    });
    expect(await sdkError(autumn.invoices.create({ customerId }))).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
    expect(await sdkError(autumn.invoices.create({ customerId, customLineItems: [{ description: "x", amount: 1 }], taxRateId: "txr_1" }))).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
    expect(await sdkError(autumn.invoices.create({ customerId, customLineItems: [{ description: "x", amount: -5 }] }))).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
    expect(await sdkError(autumn.invoices.create({ customerId, customLineItems: [{ description: "x", amount: 1 }], netTermsDays: 9999 }))).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
    expect(await db().invoice.count({ where: { customerId: customer.id } })).toBe(0);
  });
});

describe("invoices.create prices what maps onto Stripe: discounts, a tax rate, a period, a negotiated price, feature quantities", () => {
  // 2026-01-01 → 2026-01-16: 15 of January's 31 days.
  const periodStart = Date.UTC(2026, 0, 1);
  const periodEnd = Date.UTC(2026, 0, 16);

  it("feature quantities bill plan units (unit price × quantity in Stripe); a negotiated price is prorated over the period; the preview is the invoice", async () => {
    const customer = await createTestCustomer();
    const { plan: seatsPlan, feature: seats } = await createPaidTestPlan({ amount: 3000, included: 10 });
    const { plan: basePlan } = await createPaidTestPlan({ amount: 2000 });
    const params = {
      customerId: customer.externalId!,
      plans: [
        // 25 seats of a plan including 10 per unit: 3 units at $30, the whole price (prorate off).
        { planId: seatsPlan.id, prorate: false, featureQuantities: [{ featureId: seats.id, billingBehavior: "prepaid" as const, quantity: 25 }] },
        // $50 negotiated instead of $20, for 15/31 of a month: $24.19.
        { planId: basePlan.id, customize: { price: { amount: 50, interval: "month" as const } } },
      ],
      periodStart,
      periodEnd,
    };
    const preview = await autumn.invoices.create({ ...params, preview: true });
    expect(preview.preview.lines.map((l) => [l.planId, l.amount, l.quantity, l.prorated, l.periodStart, l.periodEnd])).toEqual([
      [seatsPlan.id, 90, 3, false, periodStart, periodEnd],
      [basePlan.id, 24.19, null, true, periodStart, periodEnd],
    ]);
    expect(preview.preview).toMatchObject({ subtotal: 114.19, total: 114.19, discountTotal: 0, tax: null });

    const answer = await autumn.invoices.create(params);
    expect(answer.preview).toMatchObject({ ...preview.preview, dueDate: expect.any(Number) });
    const inStripe = await testStripe().invoices.retrieve(answer.invoice!.stripeId);
    expect(inStripe).toMatchObject({ status: "open", total: 11_419, amount_due: 11_419 });
    expect(inStripe.lines.data.map((line) => [line.amount, line.quantity, line.period])).toEqual([
      [9000, 3, { start: periodStart / 1000, end: periodEnd / 1000 }],
      [2419, 1, { start: periodStart / 1000, end: periodEnd / 1000 }],
    ]);
    // Nothing about the customer's plans changed.
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
  });

  it("a coupon on the invoice, a promotion code on one plan's line and a tax rate: Stripe's arithmetic in the preview, the same invoice in Stripe", async () => {
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan({ amount: 3000 });
    const tenPercent = await testStripe().coupons.create({ percent_off: 10, duration: "once" });
    const fiveOff = await testStripe().coupons.create({ amount_off: 500, currency: "usd", duration: "once" });
    const code = unique("SAVE5").toUpperCase();
    await testStripe().promotionCodes.create({ promotion: { type: "coupon", coupon: fiveOff.id }, code });
    const vat = await testStripe().taxRates.create({ display_name: "VAT", percentage: 20, inclusive: false });
    const params = {
      customerId: customer.externalId!,
      plans: [{ planId: plan.id, discounts: [{ promotionCode: code }] }],
      customLineItems: [{ description: "Onboarding", amount: 20 }],
      discounts: [{ rewardId: tenPercent.id }],
      taxRateId: vat.id,
    };
    // Plan: 30 − 5 (its code) = 25, − 10% = 22.50; onboarding: 20 − 10% = 18; tax 20% of 40.50 = 8.10.
    const expected = { subtotal: 50, discountTotal: 9.5, total: 48.6, amountDue: 48.6, tax: { total: 8.1, amountInclusive: 0, amountExclusive: 8.1, status: "complete" } };
    const preview = await autumn.invoices.create({ ...params, preview: true });
    expect(preview.preview).toMatchObject(expected);
    expect(preview.preview.lines.map((l) => [l.amount, l.amountAfterDiscounts])).toEqual([
      [30, 22.5],
      [20, 18],
    ]);

    const answer = await autumn.invoices.create(params);
    expect(answer.preview).toMatchObject(expected);
    expect(answer.invoice).toMatchObject({ status: "open", total: 48.6 });
    const inStripe = await testStripe().invoices.retrieve(answer.invoice!.stripeId);
    expect(inStripe).toMatchObject({ subtotal: 5000, total: 4860, amount_due: 4860 });
    expect(inStripe.default_tax_rates.map((rate) => rate.id)).toEqual([vat.id]);
    expect(inStripe.total_taxes?.map((tax) => tax.amount)).toEqual([810]);
    expect(inStripe.lines.data.map((line) => line.discount_amounts?.reduce((sum, entry) => sum + entry.amount, 0))).toEqual([750, 200]);
  });

  it("refuses unknown coupons, codes and tax rates, half a period, and what cannot map onto Stripe, with stable codes; nothing is created", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const { plan } = await createPaidTestPlan();
    const line = { customLineItems: [{ description: "x", amount: 1 }] };
    expect(await sdkError(autumn.invoices.create({ customerId, ...line, discounts: [{ rewardId: unique("nocoupon") }] }))).toMatchObject({ status: 400, body: { code: "invalid_discount" } });
    expect(await sdkError(autumn.invoices.create({ customerId, plans: [{ planId: plan.id, discounts: [{ promotionCode: unique("NOCODE") }] }] }))).toMatchObject({ status: 400, body: { code: "invalid_discount" } });
    const archived = await testStripe().taxRates.create({ display_name: "Old", percentage: 5, inclusive: false, active: false });
    expect(await sdkError(autumn.invoices.create({ customerId, ...line, taxRateId: archived.id }))).toMatchObject({ status: 400, body: { code: "invalid_inputs", message: expect.stringContaining("archived") } });
    expect(await sdkError(autumn.invoices.create({ customerId, ...line, periodStart }))).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
    expect(await sdkError(autumn.invoices.create({ customerId, ...line, periodStart: periodEnd, periodEnd: periodStart }))).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
    // invoices-create-pricing-sdk.db.test.ts: license plans, customize.items, usage prices and credit systems.
    expect(await sdkError(autumn.invoices.create({ customerId, plans: [{ planId: plan.id, customize: { price: { amount: 10, interval: "year" } } }] }))).toMatchObject({
      status: 400,
      body: { code: "invalid_inputs" },
    });
    expect(await db().invoice.count({ where: { customerId: customer.id } })).toBe(0);
  });
});

describe("invoices.reissue through autumn-js", () => {
  it("voids the original and issues the same lines due on the same date; a past-due one needs net_terms_days", async () => {
    const customer = await createTestCustomer();
    const original = await openStandaloneInvoice(customer.id);
    const preview = await autumn.invoices.reissue({ invoiceId: original.id!, preview: true });
    expect(preview).toMatchObject({ invoice: null, voidedInvoiceId: null, creditNoteId: null, preview: { total: 42, dueDate: original.due_date! * 1000 } });
    expect((await testStripe().invoices.retrieve(original.id!)).status).toBe("open");

    const answer = await autumn.invoices.reissue({ invoiceId: original.id!, updateCustomerEmail: "billing@example.test" });
    const originalRow = await db().invoice.findFirstOrThrow({ where: { stripeInvoiceId: original.id! } });
    expect(answer.voidedInvoiceId).toBe(originalRow.id);
    expect(originalRow.status).toBe("void");
    expect(answer.invoice).toMatchObject({ status: "open", total: 42, customerId: customer.externalId });
    expect(answer.invoice!.items!.map((i) => [i.description, i.amount])).toEqual([["Consulting", 42]]);
    const replacement = await testStripe().invoices.retrieve(answer.invoice!.stripeId);
    expect(replacement).toMatchObject({ status: "open", collection_method: "send_invoice", due_date: original.due_date, metadata: expect.objectContaining({ equinox_reissue_of: original.id }) });
    expect((await testStripe().customers.retrieve(replacement.customer as string)) as { email?: string }).toMatchObject({ email: "billing@example.test" });
    // Kept as the customer's billing email: a later sync of the customer (its name edited) leaves it on Stripe.
    expect(await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({ billingEmail: "billing@example.test", email: customer.email });
    expect(await db().auditEvent.count({ where: { targetId: customer.id, action: "customer.billing_email_changed" } })).toBe(1);
    await updateCustomer(await staffCtx(), { customer_id: customer.externalId!, name: "Renamed Ltd" });
    expect(await runOutboxOnce({ dedupeKeys: [linkedCustomerChangedKey(customer.id)] })).toMatchObject({ done: 1 });
    expect((await testStripe().customers.retrieve(replacement.customer as string)) as { email?: string; name?: string }).toMatchObject({ name: "Renamed Ltd", email: "billing@example.test" });
    expect((await autumn.invoices.list({ customerId: customer.externalId! })).list.map((i) => i.status).sort()).toEqual(["open", "void"]);

    // The void original, and a paid or draft one, cannot be reissued.
    expect(await sdkError(autumn.invoices.reissue({ invoiceId: original.id! }))).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    await testStripe().invoices.pay(replacement.id!, { paid_out_of_band: true });
    await settle();
    expect(await sdkError(autumn.invoices.reissue({ invoiceId: answer.invoice!.id }))).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    const draft = await testStripe().invoices.create({ customer: replacement.customer as string, collection_method: "send_invoice", days_until_due: 5 });
    await settle();
    expect(await sdkError(autumn.invoices.reissue({ invoiceId: draft.id! }))).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(await sdkError(autumn.invoices.reissue({ invoiceId: unique("in_nothing") }))).toMatchObject({ status: 404, body: { code: "invoice_not_found" } });
    expect(await sdkError(autumn.invoices.reissue({ invoiceId: original.id!, invoiceTemplateId: "tmpl_1" }))).toMatchObject({ status: 404, body: { code: "not_found" } });
  });

  it("keeps the original's invoice discounts (a coupon and a promotion code, in order): the replacement totals what the original did", async () => {
    const customer = await createTestCustomer();
    const stripeCustomer = await createStripeTestCustomer();
    await db().customer.update({ where: { id: customer.id }, data: { stripeId: stripeCustomer.id } });
    const stripe = testStripe();
    const tenPercent = await stripe.coupons.create({ percent_off: 10, duration: "once" });
    const fiveOff = await stripe.coupons.create({ amount_off: 500, currency: "usd", duration: "once" });
    const promotion = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: fiveOff.id }, code: unique("SAVE5").toUpperCase() });
    const draft = await stripe.invoices.create({
      customer: stripeCustomer.id,
      collection_method: "send_invoice",
      days_until_due: 30,
      pending_invoice_items_behavior: "exclude",
      discounts: [{ coupon: tenPercent.id }, { promotion_code: promotion.id }],
    });
    await stripe.invoiceItems.create({ customer: stripeCustomer.id, invoice: draft.id, amount: 4200, currency: "usd", description: "Consulting" });
    const original = await stripe.invoices.finalizeInvoice(draft.id!);
    await settle();
    // 42.00 − 10% = 37.80, − 5.00 = 32.80.
    expect(original.total).toBe(3280);

    const preview = await autumn.invoices.reissue({ invoiceId: original.id!, preview: true });
    expect(preview.preview).toMatchObject({ subtotal: 42, discountTotal: 9.2, total: 32.8 });
    const answer = await autumn.invoices.reissue({ invoiceId: original.id! });
    expect(answer.invoice).toMatchObject({ status: "open", total: 32.8 });
    expect(answer.preview).toMatchObject({ total: 32.8, amountDue: 32.8 });
    const replacement = await stripe.invoices.retrieve(answer.invoice!.stripeId, { expand: ["discounts"] });
    expect(replacement).toMatchObject({ status: "open", subtotal: 4200, total: 3280, amount_due: 3280 });
    const carried = replacement.discounts as Stripe.Discount[];
    expect(carried.map((discount) => [discount.source.coupon, discount.promotion_code])).toEqual([
      [tenPercent.id, null],
      [fiveOff.id, promotion.id],
    ]);
  });

  it("a subscription's discount on its invoice is reused as it is (no new redemption)", async () => {
    const staff = await staffCtx();
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan({ amount: 3000 });
    const quarterOff = await testStripe().coupons.create({ percent_off: 25, duration: "forever" });
    const { customerPlan } = await enableBilledPlan(staff, {
      customerId: customer.id,
      planId: plan.id,
      options: {},
      billing: { mode: "invoice", days_until_due: 20, auto_finalize: true, activate: "on_payment" },
      terms: { quantity: 1, trialEndsAt: null, discounts: [{ id: quarterOff.id, percent_off: 25, once: false, stripe: { coupon: quarterOff.id } }] },
    });
    expect(await runOutboxOnce({ dedupeKeys: [`${START_BILLING_JOB}:${customerPlan.id}`] })).toMatchObject({ done: 1 });
    await settle();
    const cp = await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } });
    const subscription = await testStripe().subscriptions.retrieve(cp.stripeSubscriptionId!);
    const original = await testStripe().invoices.retrieve(subscription.latest_invoice as string);
    expect(original.total).toBe(2250);

    const answer = await autumn.invoices.reissue({ invoiceId: original.id! });
    expect(answer.invoice).toMatchObject({ status: "open", total: 22.5 });
    const replacement = await testStripe().invoices.retrieve(answer.invoice!.stripeId);
    expect(replacement).toMatchObject({ total: 2250, discounts: subscription.discounts });
    expect((await testStripe().coupons.retrieve(quarterOff.id)).times_redeemed).toBe(1);
  });

  it("an invoice past its due date: refused without net_terms_days (nothing voided), reissued with them", async () => {
    const customer = await createTestCustomer();
    const original = await openStandaloneInvoice(customer.id, { dueDate: Math.floor(Date.now() / 1000) - 86_400 });
    const refused = await sdkError(autumn.invoices.reissue({ invoiceId: original.id! }));
    expect(refused).toMatchObject({ status: 400, body: { code: "invalid_request" } });
    expect(refused.body.message).toContain("net_terms_days");
    expect((await testStripe().invoices.retrieve(original.id!)).status).toBe("open");

    const before = Date.now();
    const answer = await autumn.invoices.reissue({ invoiceId: original.id!, netTermsDays: 7 });
    expect(answer.preview.dueDate! - before).toBeGreaterThanOrEqual(7 * DAY - 2000);
    expect((await testStripe().invoices.retrieve(original.id!)).status).toBe("void");
  });

  it("a plan waiting for its first invoice: the reissued invoice stays on the subscription, the void expires nothing, and paying the replacement starts the plan", async () => {
    const staff = await staffCtx();
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan({ amount: 3000 });
    const { customerPlan } = await enableBilledPlan(staff, {
      customerId: customer.id,
      planId: plan.id,
      options: {},
      billing: { mode: "invoice", days_until_due: 20, auto_finalize: true, activate: "on_payment" },
    });
    expect(await runOutboxOnce({ dedupeKeys: [`${START_BILLING_JOB}:${customerPlan.id}`] })).toMatchObject({ done: 1 });
    await settle();
    const cp = await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } });
    expect(cp).toMatchObject({ status: "scheduled", billingState: "awaiting_payment" });
    const subscription = await testStripe().subscriptions.retrieve(cp.stripeSubscriptionId!);
    const original = await testStripe().invoices.retrieve(subscription.latest_invoice as string);

    const answer = await autumn.invoices.reissue({ invoiceId: original.id! });
    await settle();
    expect(answer.invoice).toMatchObject({ status: "open", total: 30, planIds: [plan.id] });
    const replacement = await testStripe().invoices.retrieve(answer.invoice!.stripeId);
    expect(replacement.parent?.subscription_details?.subscription).toBe(subscription.id);
    expect(replacement.due_date).toBe(original.due_date);
    // The original's void did not expire the waiting plan, nor cancel its subscription.
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: cp.id } })).toMatchObject({ status: "scheduled", billingState: "awaiting_payment" });
    expect((await testStripe().subscriptions.retrieve(subscription.id)).status).not.toBe("canceled");
    expect(await db().invoice.findFirstOrThrow({ where: { stripeInvoiceId: replacement.id! } })).toMatchObject({ customerPlanId: cp.id });

    await testStripe().invoices.pay(replacement.id!, { paid_out_of_band: true });
    await settle();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: cp.id } })).toMatchObject({ status: "active", billingState: "active" });
  });
});

describe("sandbox and live never mix", () => {
  it("a live key does not see a sandbox customer or invoice; a live invoice is made with live Stripe", async () => {
    const sandboxCustomer = await createTestCustomer();
    const original = await openStandaloneInvoice(sandboxCustomer.id);
    expect(await sdkError(liveAutumn.invoices.create({ customerId: sandboxCustomer.externalId!, customLineItems: [{ description: "x", amount: 1 }] }))).toMatchObject({
      status: 404,
      body: { code: "customer_not_found" },
    });
    expect(await sdkError(liveAutumn.invoices.reissue({ invoiceId: original.id! }))).toMatchObject({ status: 404, body: { code: "invoice_not_found" } });
    expect((await testStripe().invoices.retrieve(original.id!)).status).toBe("open");

    const liveCustomer = await createTestCustomer({ env: "live" });
    const live = await liveAutumn.invoices.create({ customerId: liveCustomer.externalId!, customLineItems: [{ description: "Live work", amount: 5 }] });
    expect(live.invoice).toMatchObject({ status: "open", total: 5 });
    expect(await db().invoice.findUniqueOrThrow({ where: { id: live.invoice!.id } })).toMatchObject({ env: "live", customerId: liveCustomer.id });
    expect((await testStripe("live").invoices.retrieve(live.invoice!.stripeId)).status).toBe("open");
    await expect(testStripe("sandbox").invoices.retrieve(live.invoice!.stripeId)).rejects.toMatchObject({ statusCode: 404 });
    expect((await autumn.invoices.list({ customerId: sandboxCustomer.externalId! })).list.map((i) => i.stripeId)).not.toContain(live.invoice!.stripeId);
  });
});
