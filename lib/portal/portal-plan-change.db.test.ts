// The portal's Change plan against the database (plans billed elsewhere and free ones: no Stripe
// needed): which plans are offered, their previews, a switch, and what is refused.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { unique } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { createPortalUser, magicLinkSignIn, portalCtxOf } from "@/tests/factories/portal";
import { runPortalSignInHook } from "./portal-sign-in-hook";
import { findPortalUserCustomer } from "@/lib/customers/customer-queries";
import { CHECKOUT_NEEDED, changePortalPlan, listPortalPlanSwitches, previewPortalPlanChange } from "./portal-plan-change";

const DAY = 86_400_000;

/**
 * A signed-in customer on `basic` ($30/month, billed elsewhere, 10 days into a 30-day period) in a
 * group that also has pro ($60), free, an add-on and an archived plan; and a plan of another group.
 */
async function portalCustomerOnBasic(on: "basic" | "pro" = "basic") {
  const user = await createPortalUser();
  await runPortalSignInHook(magicLinkSignIn(user));
  const ctx = portalCtxOf(user);
  const customer = (await findPortalUserCustomer(db(), "sandbox", user.id))!;
  const group = unique("grp");
  const seats = await createTestFeature({ type: "continuous_use" });
  const basic = await createTestPlan({ planId: unique("basic"), group, price: { amount: 3000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const pro = await createTestPlan({ planId: unique("pro"), group, price: { amount: 6000, interval: "month" }, items: [{ featureId: seats.id, included: 1 }] });
  const free = await createTestPlan({ planId: unique("free"), group });
  const addOn = await createTestPlan({ planId: unique("addon"), group, isAddOn: true, price: { amount: 500, interval: "month" } });
  const archived = await createTestPlan({ planId: unique("old"), group, price: { amount: 4000, interval: "month" } });
  await db().plan.update({ where: { id: archived.pk }, data: { archivedAt: new Date() } });
  const elsewhere = await createTestPlan({ planId: unique("other"), group: unique("grp"), price: { amount: 9000, interval: "month" } });
  const enabled = await enableTestPlan(customer.id, (on === "basic" ? basic : pro).id);
  const periodEnd = new Date(Date.now() + 20 * DAY);
  await db().customerPlan.update({
    where: { id: enabled.customerPlan.id },
    data: { currentPeriodStart: new Date(Date.now() - 10 * DAY), currentPeriodEnd: periodEnd, billingMode: "elsewhere" },
  });
  return { user, ctx, customer, basic, pro, free, addOn, archived, elsewhere, customerPlanId: enabled.customerPlan.id, periodEnd };
}

const plansOf = (customerId: string) =>
  db()
    .customerPlan.findMany({ where: { customerId }, include: { plan: true }, orderBy: { id: "asc" } })
    .then((rows) => rows.map((cp) => [cp.plan.planId, cp.status]));

describe("the portal's plans to switch to", () => {
  it("offers the other live plans of the group, each as an upgrade or a downgrade: no add-on, nothing archived, nothing of another group", async () => {
    const { ctx, pro, free, customerPlanId } = await portalCustomerOnBasic();
    expect(await listPortalPlanSwitches(ctx)).toEqual({
      [customerPlanId]: [
        { planId: pro.id, name: "Test plan", price: { amount: 6000, currency: "usd", interval: "month" }, direction: "upgrade" },
        { planId: free.id, name: "Test plan", price: null, direction: "downgrade" },
      ],
    });
  });

  it("a plan being canceled at the period's end offers nothing until it is kept", async () => {
    const { ctx, free, customerPlanId } = await portalCustomerOnBasic();
    await db().customerPlan.update({ where: { id: customerPlanId }, data: { cancelAtPeriodEnd: true, canceledAt: new Date() } });
    expect(await listPortalPlanSwitches(ctx)).toEqual({});
    expect(await changePortalPlan(ctx, customerPlanId, free.id)).toEqual({ ok: false, message: expect.stringContaining("not one you can switch to") });
  });

  it("a contract customer (self-serve off) is offered nothing, and a switch is refused with the contact-us words", async () => {
    const { ctx, customer, free, customerPlanId } = await portalCustomerOnBasic();
    await db().customer.update({ where: { id: customer.id }, data: { selfServeCancel: false } });
    expect(await listPortalPlanSwitches(ctx)).toEqual({});
    expect(await changePortalPlan(ctx, customerPlanId, free.id)).toEqual({ ok: false, message: expect.stringContaining("contact us") });
    expect(await previewPortalPlanChange(ctx, customerPlanId, free.id)).toEqual({ ok: false, message: expect.stringContaining("contact us") });
  });
});

describe("previewing and making a switch", () => {
  it("an upgrade from a plan Stripe never billed previews the new plan in full today (no credit for what was never charged) and its next cycle a month on", async () => {
    const { ctx, pro, customerPlanId } = await portalCustomerOnBasic();
    const before = Date.now();
    const answer = await previewPortalPlanChange(ctx, customerPlanId, pro.id);
    expect(answer).toEqual({
      ok: true,
      preview: {
        planId: pro.id,
        currency: "usd",
        // basic is billed elsewhere: Checkout charges pro's whole price, as attach does (no proration credit).
        dueToday: 60,
        lines: [expect.objectContaining({ total: 60 })],
        effectiveAt: null,
        nextCycle: { startsAt: expect.any(Number), total: 60 },
      },
    });
    // The new plan's own cycle: a calendar month after today (28 to 31 days), not basic's period end.
    const startsAt = answer.ok ? answer.preview.nextCycle!.startsAt : 0;
    expect(startsAt).toBeGreaterThanOrEqual(before + 28 * DAY);
    expect(startsAt).toBeLessThanOrEqual(Date.now() + 31 * DAY);
  });

  it("a downgrade previews nothing due and the period's end, and switching schedules it there while the current plan runs on", async () => {
    const { ctx, customer, basic, free, customerPlanId, periodEnd } = await portalCustomerOnBasic();
    const answer = await previewPortalPlanChange(ctx, customerPlanId, free.id);
    expect(answer).toMatchObject({ ok: true, preview: { dueToday: 0, lines: [], effectiveAt: periodEnd.getTime() } });

    expect(await changePortalPlan(ctx, customerPlanId, free.id)).toEqual({ ok: true, url: null });
    expect(await plansOf(customer.id)).toEqual([
      [basic.id, "active"],
      [free.id, "scheduled"],
    ]);
  });

  it("a plan with a downgrade already scheduled offers no further switch, and a direct switch is refused with nothing changed", async () => {
    const { ctx, customer, basic, pro, free, customerPlanId } = await portalCustomerOnBasic();
    expect(await changePortalPlan(ctx, customerPlanId, free.id)).toEqual({ ok: true, url: null });
    expect(await listPortalPlanSwitches(ctx)).toEqual({});
    expect(await previewPortalPlanChange(ctx, customerPlanId, pro.id)).toMatchObject({ ok: false });
    expect(await changePortalPlan(ctx, customerPlanId, pro.id)).toMatchObject({ ok: false });
    expect(await plansOf(customer.id)).toEqual([
      [basic.id, "active"],
      [free.id, "scheduled"],
    ]);
  });

  it("a paid upgrade with no card on file (nothing in Stripe bills the plan) is answered in plain words, and nothing changes", async () => {
    const { ctx, customer, basic, pro, customerPlanId } = await portalCustomerOnBasic();
    expect(await changePortalPlan(ctx, customerPlanId, pro.id)).toEqual({ ok: false, message: CHECKOUT_NEEDED });
    expect(await plansOf(customer.id)).toEqual([[basic.id, "active"]]);
  });

  it("refuses what was not offered: an add-on, an archived plan, another group's plan, another customer's plan; nothing changes", async () => {
    const mine = await portalCustomerOnBasic();
    const theirs = await portalCustomerOnBasic();
    const notOffered = { ok: false, message: expect.stringContaining("not one you can switch to") };
    for (const planId of [mine.addOn.id, mine.archived.id, mine.elsewhere.id, mine.basic.id]) {
      expect(await previewPortalPlanChange(mine.ctx, mine.customerPlanId, planId)).toEqual(notOffered);
      expect(await changePortalPlan(mine.ctx, mine.customerPlanId, planId)).toEqual(notOffered);
    }
    // The other customer's plan id, with a plan of that customer's group.
    expect(await changePortalPlan(mine.ctx, theirs.customerPlanId, theirs.free.id)).toEqual(notOffered);
    expect(await plansOf(mine.customer.id)).toEqual([[mine.basic.id, "active"]]);
    expect(await plansOf(theirs.customer.id)).toEqual([[theirs.basic.id, "active"]]);
  });
});
