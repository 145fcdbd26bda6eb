// The billing lifecycle routes through the official SDK (autumn-js 1.3.13, failOpen: false: an
// answer of the wrong shape fails here as it would in an application): previews checked against
// hand-computed amounts, DB-only changes of plans billed elsewhere, discounts checked in Stripe
// (the emulator), invoices listed from the mirror, and the errors' stable codes.
import { describe, expect, it } from "vitest";
import { createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { sdkError, setupSdkApi } from "@/tests/factories/sdk-api";
import { testStripe } from "@/tests/factories/billing";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { previewUpdate, updateCustomerPlanBilling } from "@/lib/billing/changes/update-customer-plan-billing";
import { previewNextInvoice } from "@/lib/billing/preview/preview-next-invoice";
import { listInvoices } from "@/lib/billing/invoices/list-invoices";
import { systemCtx } from "@/lib/context";
import * as billingAttach from "./billing.attach/route";
import * as previewAttachRoute from "./billing.preview_attach/route";
import * as billingUpdate from "./billing.update/route";
import * as previewUpdateRoute from "./billing.preview_update/route";
import * as multiAttachRoute from "./billing.multi_attach/route";
import * as previewMultiAttachRoute from "./billing.preview_multi_attach/route";
import * as invoicesList from "./invoices.list/route";

const { autumn } = await setupSdkApi({
  "billing.attach": billingAttach,
  "billing.preview_attach": previewAttachRoute,
  "billing.update": billingUpdate,
  "billing.preview_update": previewUpdateRoute,
  "billing.multi_attach": multiAttachRoute,
  "billing.preview_multi_attach": previewMultiAttachRoute,
  "invoices.list": invoicesList,
});

const DAY = 86_400_000;

/**
 * A group with basic ($30/month), pro ($60/month) and free plans; the customer on `on`, billed
 * elsewhere (no Stripe subscription), 10 days into a 30-day period: 2/3 of the period is left.
 * `stripeBilled`: the plan is billed through a Stripe subscription instead (a placeholder id, for
 * previews only: they read Equinox's tables), the only case where unused time is credited.
 */
async function groupCustomer(on: "basic" | "pro" | "free" = "basic", options: { stripeBilled?: boolean } = {}) {
  const group = unique("grp");
  const seats = await createTestFeature({ type: "continuous_use" });
  const basic = await createTestPlan({ planId: unique("basic"), group, price: { amount: 3000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const pro = await createTestPlan({ planId: unique("pro"), group, price: { amount: 6000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const free = await createTestPlan({ planId: unique("free"), group });
  const customer = await createTestCustomer();
  const plan = { basic, pro, free }[on];
  const enabled = await enableTestPlan(customer.id, plan.id);
  const now = Date.now();
  const periodStart = new Date(now - 10 * DAY);
  const periodEnd = new Date(now + 20 * DAY);
  await db().customerPlan.update({
    where: { id: enabled.customerPlan.id },
    data: {
      currentPeriodStart: periodStart,
      currentPeriodEnd: periodEnd,
      billingMode: on === "free" ? null : options.stripeBilled ? "invoice" : "elsewhere",
      ...(options.stripeBilled ? { stripeSubscriptionId: unique("sub_preview"), billingState: "active" } : {}),
    },
  });
  return { customer, customerId: customer.externalId!, basic, pro, free, seats, customerPlanId: enabled.customerPlan.id, periodEnd };
}

describe("billing.preview_attach through autumn-js", () => {
  it("an upgrade mid-period of a Stripe-billed plan: credit for the unused 2/3 of basic, charge for 2/3 of pro, pro in full from the period's end", async () => {
    const { customerId, basic, pro, periodEnd } = await groupCustomer("basic", { stripeBilled: true });
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id });
    expect(preview.customerId).toBe(customerId);
    expect(preview.currency).toBe("usd");
    expect(preview.lineItems.map((l) => [l.planId, l.total])).toEqual([
      [basic.id, -20],
      [pro.id, 40],
    ]);
    expect(preview.subtotal).toBe(20);
    expect(preview.total).toBe(20);
    expect(preview.nextCycle).toMatchObject({ startsAt: periodEnd.getTime(), total: 60 });
    expect(preview.nextCycle!.lineItems.map((l) => [l.planId, l.total])).toEqual([[pro.id, 60]]);
    expect(preview.incoming).toEqual([expect.objectContaining({ planId: pro.id, expiresAt: null })]);
    expect(preview.outgoing).toEqual([expect.objectContaining({ planId: basic.id })]);
    // Stripe bills basic: its subscription would move to pro, no Checkout.
    expect(preview).toMatchObject({ redirectToCheckout: false, checkoutType: null });
    // A preview changes nothing.
    expect(await db().customerPlan.count({ where: { customer: { externalId: customerId }, planPk: pro.pk } })).toBe(0);
  });

  it("an upgrade from a plan billed elsewhere: no credit (Stripe never billed basic), pro in full through Checkout", async () => {
    const { customerId, basic, pro } = await groupCustomer("basic");
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id });
    expect(preview.lineItems.map((l) => [l.planId, l.total])).toEqual([[pro.id, 60]]);
    expect(preview).toMatchObject({ total: 60, redirectToCheckout: true, checkoutType: "stripe_checkout" });
    expect(preview.outgoing).toEqual([expect.objectContaining({ planId: basic.id })]);
  });

  it("proration_behavior none: no credit, no partial charge", async () => {
    const { customerId, pro } = await groupCustomer("basic", { stripeBilled: true });
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id, prorationBehavior: "none" });
    expect(preview.lineItems).toEqual([]);
    expect(preview.total).toBe(0);
    expect(preview.nextCycle?.total).toBe(60);
  });

  it("a downgrade is scheduled at the period's end: nothing due now, basic from the next cycle", async () => {
    const { customerId, basic, pro, periodEnd } = await groupCustomer("pro", { stripeBilled: true });
    const preview = await autumn.billing.previewAttach({ customerId, planId: basic.id });
    expect(preview.lineItems).toEqual([]);
    expect(preview.total).toBe(0);
    expect(preview.nextCycle).toMatchObject({ startsAt: periodEnd.getTime(), total: 30 });
    expect(preview.incoming[0]).toMatchObject({ planId: basic.id, effectiveAt: periodEnd.getTime() });
    expect(preview.outgoing[0]).toMatchObject({ planId: pro.id, expiresAt: periodEnd.getTime() });
    // Asked to happen now: prorated the other way round (credit 40, charge 20).
    const now = await autumn.billing.previewAttach({ customerId, planId: basic.id, planSchedule: "immediate" });
    expect(now.lineItems.map((l) => l.total)).toEqual([-40, 20]);
    expect(now.total).toBe(-20);
  });

  it("customize.price and feature_quantities price the plan for this customer", async () => {
    const { customerId, pro, seats } = await groupCustomer("free");
    const preview = await autumn.billing.previewAttach({
      customerId,
      planId: pro.id,
      customize: { price: { amount: 45, interval: "month" } },
      featureQuantities: [{ featureId: seats.id, quantity: 3 }],
    });
    // From a free plan: a new period starts now, 3 units × $45 due today.
    expect(preview.lineItems).toEqual([expect.objectContaining({ planId: pro.id, quantity: 3, total: 135 })]);
    expect(preview.total).toBe(135);
    expect(preview.incoming[0]?.featureQuantities).toEqual([{ featureId: seats.id, quantity: 3 }]);
    expect(await sdkError(autumn.billing.previewAttach({ customerId, planId: pro.id, customize: { price: { amount: 45, interval: "year" } } }))).toMatchObject({
      status: 400,
      body: { code: "invalid_inputs" },
    });
  });

  it("a Stripe coupon applies to what is charged; an unknown coupon or promotion code is invalid_discount", async () => {
    const { customerId, pro } = await groupCustomer("free");
    const coupon = await testStripe().coupons.create({ percent_off: 25, duration: "forever", name: "Quarter off" });
    const preview = await autumn.billing.previewAttach({ customerId, planId: pro.id, discounts: [{ rewardId: coupon.id }] });
    expect(preview.lineItems[0]).toMatchObject({ subtotal: 60, total: 45, discounts: [{ amountOff: 15, percentOff: 25, rewardId: coupon.id }] });
    expect(preview.total).toBe(45);
    expect(preview.nextCycle?.total).toBe(45);
    expect(await sdkError(autumn.billing.previewAttach({ customerId, planId: pro.id, discounts: [{ rewardId: unique("nocoupon") }] }))).toMatchObject({
      status: 400,
      body: { code: "invalid_discount" },
    });
    expect(await sdkError(autumn.billing.previewAttach({ customerId, planId: pro.id, discounts: [{ promotionCode: unique("NOCODE") }] }))).toMatchObject({
      status: 400,
      body: { code: "invalid_discount" },
    });
  });

  it("unknown customer and plan answer their codes", async () => {
    const { customerId } = await groupCustomer("free");
    expect(await sdkError(autumn.billing.previewAttach({ customerId: unique("ghost"), planId: "x" }))).toMatchObject({ status: 404, body: { code: "customer_not_found" } });
    expect(await sdkError(autumn.billing.previewAttach({ customerId, planId: unique("nope") }))).toMatchObject({ status: 404, body: { code: "plan_not_found" } });
  });
});

describe("billing.attach through autumn-js (plans billed elsewhere: Equinox only)", () => {
  it("a downgrade to the group's free plan is scheduled at the period's end; the paid plan runs until then", async () => {
    const { customer, customerId, basic, free, periodEnd } = await groupCustomer("basic");
    const answer = await autumn.billing.attach({ customerId, planId: free.id });
    expect(answer).toEqual({ customerId, paymentUrl: null });
    const plans = await db().customerPlan.findMany({ where: { customerId: customer.id }, include: { plan: true }, orderBy: { createdAt: "asc" } });
    expect(plans.map((p) => [p.plan.planId, p.status])).toEqual([
      [basic.id, "active"],
      [free.id, "scheduled"],
    ]);
    expect(plans[1]!.startsAt.getTime()).toBe(periodEnd.getTime());
  });

  it("free_trial and ends_at are kept on the enabled plan", async () => {
    const customer = await createTestCustomer();
    const plan = await createTestPlan({ planId: unique("trialfree") });
    const endsAt = Date.now() + 90 * DAY;
    await autumn.billing.attach({ customerId: customer.externalId!, planId: plan.id, freeTrial: { durationLength: 14, durationType: "day" }, endsAt });
    const cp = await db().customerPlan.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(cp.status).toBe("active");
    expect(cp.endsAt?.getTime()).toBe(endsAt);
    expect(Math.round((cp.trialEndsAt!.getTime() - Date.now()) / DAY)).toBe(14);
  });

  it("a paid plan starting in the future without invoice_mode is refused before anything changes (Checkout cannot defer billing)", async () => {
    const { customer, customerId, pro } = await groupCustomer("free");
    const startsAt = Date.now() + 10 * DAY;
    expect(await sdkError(autumn.billing.attach({ customerId, planId: pro.id, customize: { price: { amount: 10, interval: "month" } }, startsAt }))).toMatchObject({
      status: 501,
      body: { code: "not_supported", message: expect.stringContaining("starts_at") },
    });
    expect(await db().customerPlan.count({ where: { customerId: customer.id, planPk: pro.pk } })).toBe(0);
  });
});

describe("billing.update and billing.preview_update through autumn-js", () => {
  it("a quantity change of a Stripe-billed plan: the difference for the rest of the period, the new amount from the next", async () => {
    const { customerId, basic, seats, customerPlanId, periodEnd } = await groupCustomer("basic", { stripeBilled: true });
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { quantity: 3 } });
    const preview = await autumn.billing.previewUpdate({ customerId, planId: basic.id, featureQuantities: [{ featureId: seats.id, quantity: 5 }] });
    expect(preview.intent).toBe("update_quantity");
    // 2 more units × $30 × 2/3 of the period = $40; then 5 × $30.
    expect(preview.lineItems).toEqual([expect.objectContaining({ planId: basic.id, total: 40, quantity: 2 })]);
    expect(preview.nextCycle).toMatchObject({ startsAt: periodEnd.getTime(), total: 150 });
  });

  // Only a Stripe subscription bills a quantity change (billing.update changes these in Equinox
  // alone): the preview shows no prorated charge that nothing will ever bill.
  it("a quantity change of a plan billed elsewhere: nothing due now and nothing renews here; the update changes Equinox only", async () => {
    const { customerId, basic, seats, customerPlanId } = await groupCustomer("basic");
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { quantity: 3 } });
    const preview = await autumn.billing.previewUpdate({ customerId, planId: basic.id, featureQuantities: [{ featureId: seats.id, quantity: 5 }] });
    expect(preview).toMatchObject({ intent: "update_quantity", lineItems: [], subtotal: 0, total: 0 });
    expect(preview.nextCycle).toBeUndefined();

    expect(await autumn.billing.update({ customerId, planId: basic.id, featureQuantities: [{ featureId: seats.id, quantity: 5 }] })).toEqual({ customerId, paymentUrl: null });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ quantity: 5 });
    expect(await db().grant.findFirstOrThrow({ where: { customerPlanId } })).toMatchObject({ granted: 5 });
  });

  it("a quantity change of a plan whose billing has not started (no subscription yet): nothing due now, the new quantity from the next cycle", async () => {
    const { customerId, basic, seats, customerPlanId, periodEnd } = await groupCustomer("basic");
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { quantity: 3, billingMode: "invoice", billingState: "waiting" } });
    const preview = await autumn.billing.previewUpdate({ customerId, planId: basic.id, featureQuantities: [{ featureId: seats.id, quantity: 5 }] });
    expect(preview).toMatchObject({ intent: "update_quantity", lineItems: [], total: 0 });
    expect(preview.nextCycle).toMatchObject({ startsAt: periodEnd.getTime(), total: 150 });
  });

  it("cancel at the period's end, then take it back", async () => {
    const { customerId, basic, customerPlanId, periodEnd } = await groupCustomer("basic");
    const preview = await autumn.billing.previewUpdate({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    expect(preview).toMatchObject({ intent: "cancel_end_of_cycle", total: 0, lineItems: [], incoming: [] });
    expect(preview.nextCycle).toBeUndefined();
    expect(preview.outgoing[0]).toMatchObject({ planId: basic.id, expiresAt: periodEnd.getTime() });

    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ status: "active", cancelAtPeriodEnd: true, endsAt: periodEnd });

    const back = await autumn.billing.previewUpdate({ customerId, planId: basic.id, cancelAction: "uncancel" });
    expect(back).toMatchObject({ intent: "uncancel", total: 0, nextCycle: { total: 30 } });
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ status: "active", cancelAtPeriodEnd: false, endsAt: null, canceledAt: null });
    expect(await sdkError(autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" }))).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
  });

  it("a contract canceled at the period's end then kept ends at its own end again, not never", async () => {
    const { customerId, basic, customerPlanId, periodEnd } = await groupCustomer("basic");
    const contractEnd = new Date(Date.now() + 200 * DAY);
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { endsAt: contractEnd, onContractEnd: "end" } });
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ cancelAtPeriodEnd: true, endsAt: periodEnd, contractEndsAt: contractEnd });
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "uncancel" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ cancelAtPeriodEnd: false, endsAt: contractEnd });
  });

  it("a contract ending before the period's end: the cancellation keeps the contract's end", async () => {
    const { customerId, basic, customerPlanId } = await groupCustomer("basic");
    const contractEnd = new Date(Date.now() + 5 * DAY);
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { endsAt: contractEnd, contractEndsAt: contractEnd, onContractEnd: "end" } });
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_end_of_cycle" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ cancelAtPeriodEnd: true, endsAt: contractEnd });
  });

  it("cancel now: the plan ends at once and the group's default takes over if any", async () => {
    const { customerId, basic, customerPlanId } = await groupCustomer("basic");
    await autumn.billing.update({ customerId, planId: basic.id, cancelAction: "cancel_immediately" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlanId } })).toMatchObject({ status: "canceled" });
  });

  it("switching to a dearer plan of the group previews as an upgrade; to a cheaper one as scheduled", async () => {
    const { customerId, pro, free } = await groupCustomer("basic", { stripeBilled: true });
    expect(await autumn.billing.previewUpdate({ customerId, planId: pro.id })).toMatchObject({ intent: "update_plan", total: 20 });
    expect(await autumn.billing.previewUpdate({ customerId, planId: free.id })).toMatchObject({ intent: "update_plan", total: 0, lineItems: [] });
  });

  it("errors: no such plan on the customer, and an end customer may not cancel when self-serve cancel is off", async () => {
    const { customer, customerId, basic, pro, seats } = await groupCustomer("basic");
    const other = await createTestPlan({ planId: unique("lonely") });
    expect(await sdkError(autumn.billing.update({ customerId, planId: other.id, cancelAction: "cancel_immediately" }))).toMatchObject({
      status: 404,
      body: { code: "subscription_not_found" },
    });
    expect(await sdkError(autumn.billing.update({ customerId: unique("ghost"), planId: basic.id, cancelAction: "uncancel" }))).toMatchObject({
      status: 404,
      body: { code: "customer_not_found" },
    });
    await db().customer.update({ where: { id: customer.id }, data: { selfServeCancel: false } });
    const portal = { env: "sandbox" as const, actor: { kind: "end_customer" as const, userId: customerId, email: null } };
    await expect(updateCustomerPlanBilling(portal, { customer_id: customerId, plan_id: basic.id, cancel_action: "cancel_end_of_cycle" })).rejects.toMatchObject({
      code: "cancel_not_allowed",
      status: 403,
    });
    // Not only cancel: keeping, switching and a quantity change are refused too, previews included.
    await db().customerPlan.updateMany({ where: { customerId: customer.id, planPk: basic.pk }, data: { cancelAtPeriodEnd: true, canceledAt: new Date() } });
    for (const intent of [
      { customer_id: customerId, plan_id: basic.id, cancel_action: "uncancel" as const },
      { customer_id: customerId, plan_id: pro.id },
      { customer_id: customerId, plan_id: basic.id, feature_quantities: [{ feature_id: seats.id, quantity: 3 }] },
    ]) {
      await expect(updateCustomerPlanBilling(portal, intent)).rejects.toMatchObject({ code: "cancel_not_allowed", status: 403 });
      await expect(previewUpdate(portal, intent)).rejects.toMatchObject({ code: "cancel_not_allowed", status: 403 });
    }
    expect(await db().customerPlan.findFirstOrThrow({ where: { customerId: customer.id, planPk: basic.pk } })).toMatchObject({ cancelAtPeriodEnd: true, quantity: 1 });
    await db().customerPlan.updateMany({ where: { customerId: customer.id, planPk: basic.pk }, data: { cancelAtPeriodEnd: false, canceledAt: null } });
    // Someone else's customer does not exist for an end customer.
    const stranger = { env: "sandbox" as const, actor: { kind: "end_customer" as const, userId: unique("someone"), email: null } };
    await expect(updateCustomerPlanBilling(stranger, { customer_id: customerId, plan_id: basic.id, cancel_action: "cancel_end_of_cycle" })).rejects.toMatchObject({ code: "customer_not_found" });
    // Staff may, and so may the customer once self-serve cancel is on again.
    await db().customer.update({ where: { id: customer.id }, data: { selfServeCancel: true } });
    await updateCustomerPlanBilling(portal, { customer_id: customerId, plan_id: basic.id, cancel_action: "cancel_end_of_cycle" });
    expect(await db().customerPlan.findFirstOrThrow({ where: { customerId: customer.id, planPk: basic.pk } })).toMatchObject({ cancelAtPeriodEnd: true });
  });
});

describe("billing.multi_attach and its preview through autumn-js", () => {
  it("previews and attaches two free plans in one call; two plans of one group are refused", async () => {
    const customer = await createTestCustomer();
    const a = await createTestPlan({ planId: unique("ma") });
    const b = await createTestPlan({ planId: unique("mb"), isAddOn: true });
    const customerId = customer.externalId!;
    const preview = await autumn.billing.previewMultiAttach({ customerId, plans: [{ planId: a.id }, { planId: b.id }] });
    expect(preview).toMatchObject({ customerId, total: 0, lineItems: [], redirectToCheckout: false, checkoutType: null });
    expect(preview.incoming.map((i) => i.planId)).toEqual([a.id, b.id]);
    expect(await autumn.billing.multiAttach({ customerId, plans: [{ planId: a.id }, { planId: b.id }] })).toEqual({ customerId, paymentUrl: null });
    expect(await db().customerPlan.count({ where: { customerId: customer.id, status: "active" } })).toBe(2);

    const group = unique("g");
    const g1 = await createTestPlan({ planId: unique("g1"), group });
    const g2 = await createTestPlan({ planId: unique("g2"), group });
    expect(await sdkError(autumn.billing.multiAttach({ customerId, plans: [{ planId: g1.id }, { planId: g2.id }] }))).toMatchObject({ status: 400, body: { code: "invalid_inputs" } });
  });

  it("a multi-attach preview adds the paid plans' charges", async () => {
    const customer = await createTestCustomer();
    const a = await createTestPlan({ planId: unique("pa"), price: { amount: 1000, interval: "month" } });
    const b = await createTestPlan({ planId: unique("pb"), isAddOn: true, price: { amount: 250, interval: "month" } });
    const preview = await autumn.billing.previewMultiAttach({ customerId: customer.externalId!, plans: [{ planId: a.id }, { planId: b.id }] });
    expect(preview.lineItems.map((l) => l.total)).toEqual([10, 2.5]);
    expect(preview.total).toBe(12.5);
    expect(preview.nextCycle?.total).toBe(12.5);
  });
});

describe("invoices.list through autumn-js, and the domain reads the UI uses", () => {
  it("lists the mirrored invoices newest first with a cursor and a status filter", async () => {
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const base = Date.now() - 10 * DAY;
    for (const [index, status] of (["paid", "open", "void"] as const).entries()) {
      await db().invoice.create({
        data: {
          id: newId("inv"),
          env: "sandbox",
          customerId: customer.id,
          stripeInvoiceId: `in_${unique("t")}`,
          status,
          currency: "usd",
          total: 3000 + index,
          amountPaid: status === "paid" ? 3000 : 0,
          planIds: ["pro"],
          lines: [{ description: "Pro", amount: 3000 + index, quantity: 1, plan_id: "pro" }],
          stripeCreatedAt: new Date(base + index * DAY),
          hostedInvoiceUrl: "https://invoice.example.test/x",
        },
      });
    }
    const first = await autumn.invoices.list({ customerId, limit: 2 });
    expect(first.list.map((i) => i.status)).toEqual(["void", "open"]);
    expect(first.list[0]).toMatchObject({ customerId, total: 30.02, currency: "usd", planIds: ["pro"], processorType: "stripe", items: [expect.objectContaining({ amount: 30.02, planId: "pro" })] });
    expect(first.nextCursor).toEqual(expect.any(String));
    const rest = await autumn.invoices.list({ customerId, limit: 2, startCursor: first.nextCursor! });
    expect(rest.list.map((i) => i.status)).toEqual(["paid"]);
    expect(rest.nextCursor).toBeNull();
    expect((await autumn.invoices.list({ customerId, status: ["open"] })).list.map((i) => i.total)).toEqual([30.01]);
    expect(await sdkError(autumn.invoices.list({ customerId: unique("ghost") }))).toMatchObject({ status: 404, body: { code: "customer_not_found" } });
    const forUi = await listInvoices(systemCtx("sandbox"), { customer_id: customerId });
    expect(forUi.list).toHaveLength(3);
  });

  it("previewNextInvoice: the renewing plans at the earliest renewal; a plan canceled at period end is not on it", async () => {
    const { customer, customerId, basic, customerPlanId, periodEnd } = await groupCustomer("basic");
    // Billed elsewhere: nothing renews here.
    expect(await previewNextInvoice(systemCtx("sandbox"), customerId)).toBeNull();
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { billingMode: "invoice" } });
    const next = await previewNextInvoice(systemCtx("sandbox"), customerId);
    expect(next).toMatchObject({ currency: "usd", total: 3000, lines: [expect.objectContaining({ planId: basic.id, amount: 3000 })] });
    expect(next!.date.getTime()).toBe(periodEnd.getTime());
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { cancelAtPeriodEnd: true } });
    expect(await previewNextInvoice(systemCtx("sandbox"), customer.id)).toBeNull();
  });
});
