// Plans billed by a Stripe subscription change through the Stripe SDK, against the emulator: an
// upgrade moves the subscription to the new price with proration (Stripe invoices the
// difference), a quantity change, cancel at period end and back; invoices.pay marks an open
// invoice paid out of band and invoices.void voids one. All through autumn-js.
import { describe, expect, it } from "vitest";
import { AutumnError } from "autumn-js";
import { createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { createStripeTestCustomer, testEmulator, testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import * as billingAttach from "./billing.attach/route";
import * as previewAttachRoute from "./billing.preview_attach/route";
import * as billingUpdate from "./billing.update/route";
import * as invoicesPay from "./invoices.pay/route";
import * as invoicesVoid from "./invoices.void/route";
import * as invoicesList from "./invoices.list/route";

const { autumn } = await setupSdkApi({
  "billing.attach": billingAttach,
  "billing.preview_attach": previewAttachRoute,
  "billing.update": billingUpdate,
  "invoices.pay": invoicesPay,
  "invoices.void": invoicesVoid,
  "invoices.list": invoicesList,
});

/** A customer on basic ($30/month), billed by invoice through a Stripe subscription in the emulator. */
async function stripeBilledCustomer() {
  const group = unique("grp");
  const seats = await createTestFeature({ type: "continuous_use" });
  const basic = await createTestPlan({ planId: unique("basic"), group, price: { amount: 3000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const pro = await createTestPlan({ planId: unique("pro"), group, price: { amount: 6000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const stripeCustomer = await createStripeTestCustomer();
  const customer = await createTestCustomer();
  await db().customer.update({ where: { id: customer.id }, data: { stripeId: stripeCustomer.id } });
  const product = await testStripe().products.create({ name: "Basic" });
  const subscription = await testStripe().subscriptions.create({
    customer: stripeCustomer.id,
    collection_method: "send_invoice",
    days_until_due: 30,
    items: [{ price_data: { currency: "usd", product: product.id, unit_amount: 3000, recurring: { interval: "month" } } }],
  });
  const item = subscription.items.data[0]!;
  const enabled = await enableTestPlan(customer.id, basic.id);
  await db().customerPlan.update({
    where: { id: enabled.customerPlan.id },
    data: {
      stripeSubscriptionId: subscription.id,
      billingMode: "invoice",
      billingState: "active",
      currentPeriodStart: new Date(item.current_period_start * 1000),
      currentPeriodEnd: new Date(item.current_period_end * 1000),
    },
  });
  return { customer, customerId: customer.externalId!, basic, pro, seats, subscriptionId: subscription.id, customerPlanId: enabled.customerPlan.id, stripeCustomerId: stripeCustomer.id };
}

describe("Stripe-billed plans through autumn-js and the emulator", () => {
  it("an upgrade changes the subscription's price now, with proration; the plan follows in Equinox on the same subscription", async () => {
    const { customer, customerId, basic, pro, subscriptionId } = await stripeBilledCustomer();
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id });
    expect(preview).toMatchObject({ redirectToCheckout: false, checkoutType: null, nextCycle: { total: 60 } });
    expect(preview.lineItems.map((l) => l.planId)).toEqual([basic.id, pro.id]);

    const answer = await autumn.billing.attach({ customerId, planId: pro.id });
    expect(answer.paymentUrl).toBeNull();
    // Stripe invoiced the prorated difference at once (always_invoice): about $30 for most of a month.
    expect(answer.invoice).toMatchObject({ stripeId: expect.stringMatching(/^in_/), currency: "usd" });
    expect(answer.invoice!.total).toBeGreaterThan(29);
    expect(answer.invoice!.total).toBeLessThanOrEqual(30);
    const subscription = await testStripe().subscriptions.retrieve(subscriptionId);
    expect(subscription.items.data[0]!.price.unit_amount).toBe(6000);
    expect(subscription.status).not.toBe("canceled");
    const plans = await db().customerPlan.findMany({ where: { customerId: customer.id }, include: { plan: true }, orderBy: { createdAt: "asc" } });
    expect(plans.map((p) => [p.plan.planId, p.status, p.stripeSubscriptionId])).toEqual([
      [basic.id, "replaced", subscriptionId],
      [pro.id, "active", subscriptionId],
    ]);
    expect(plans[1]).toMatchObject({ billingMode: "invoice", billingState: "active" });
  });

  it("a quantity change and cancel at period end (and back) reach the subscription", async () => {
    const { customerId, basic, seats, subscriptionId, customerPlanId } = await stripeBilledCustomer();
    await autumn.billing.update({ customerId, planId: basic.id, featureQuantities: [{ featureId: seats.id, quantity: 3 }] });
    expect((await testStripe().subscriptions.retrieve(subscriptionId)).items.data[0]!.quantity).toBe(3);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ quantity: 3 });

    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    expect((await testStripe().subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(true);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" });
    expect((await testStripe().subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(false);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ cancelAtPeriodEnd: false });
  });

  it("invoices.pay marks an open invoice paid out of band, invoices.void voids one; repeating answers them unchanged", async () => {
    const { customerId, stripeCustomerId } = await stripeBilledCustomer();
    const stripe = testStripe();
    async function openInvoice(amount: number) {
      const draft = await stripe.invoices.create({ customer: stripeCustomerId, collection_method: "send_invoice", days_until_due: 30, pending_invoice_items_behavior: "exclude" });
      await stripe.invoiceItems.create({ customer: stripeCustomerId, invoice: draft.id, amount, currency: "usd", description: "Onboarding" });
      const open = await stripe.invoices.finalizeInvoice(draft.id!);
      await testEmulator().flushWebhooks(); // Equinox knows it once its webhook has mirrored it
      return open;
    }
    const toPay = await openInvoice(5000);
    const paid = await autumn.invoices.pay({ invoiceId: toPay.id! });
    expect(paid.invoice).toMatchObject({ stripeId: toPay.id, status: "paid", total: 50, currency: "usd", customerId, processorType: "stripe" });
    expect((await stripe.invoices.retrieve(toPay.id!)).status).toBe("paid");
    expect((await autumn.invoices.pay({ invoiceId: paid.invoice.id })).invoice.status).toBe("paid");

    const toVoid = await openInvoice(1200);
    const voided = await autumn.invoices.void({ invoiceId: toVoid.id! });
    expect(voided.invoice).toMatchObject({ stripeId: toVoid.id, status: "void", total: 12 });
    expect((await autumn.invoices.void({ invoiceId: toVoid.id! })).invoice.status).toBe("void");
    // A paid invoice cannot be voided; an unknown one is invoice_not_found.
    const refused = await autumn.invoices.void({ invoiceId: toPay.id! }).then(
      () => undefined,
      (e: unknown) => e as AutumnError,
    );
    expect(refused?.statusCode).toBe(400);
    const missing = await autumn.invoices.pay({ invoiceId: unique("in_nothing") }).then(
      () => undefined,
      (e: unknown) => e as AutumnError,
    );
    expect(missing?.statusCode).toBe(404);
    expect(JSON.parse(missing!.body)).toMatchObject({ code: "invoice_not_found" });

    // Both are in the mirror, as invoices.list shows them.
    const listed = await autumn.invoices.list({ customerId });
    expect(listed.list.map((i) => [i.stripeId, i.status]).sort()).toEqual(
      [
        [toPay.id, "paid"],
        [toVoid.id, "void"],
      ].sort(),
    );
  });

  it("invoice_mode hands the attach to the billing engine (enableBilledPlan): a negotiated price by invoice, net terms, drafts kept for review", async () => {
    const customer = await createTestCustomer();
    const plan = await createTestPlan({ planId: unique("ent"), price: { amount: 500000, interval: "month" } });
    const answer = await autumn.billing.attach({
      customerId: customer.externalId!,
      planId: plan.id,
      customize: { price: { amount: 3750, interval: "month" } },
      invoiceMode: { enabled: true, finalize: false, netTermsDays: 15, enablePlanImmediately: true },
    });
    expect(answer).toEqual({ customerId: customer.externalId, paymentUrl: null });
    const cp = await db().customerPlan.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(cp).toMatchObject({ status: "active", billingMode: "invoice", invoiceDaysUntilDue: 15, invoiceAutoFinalize: false, customPriceAmount: 375000, activateOnPayment: false });
  });
});
