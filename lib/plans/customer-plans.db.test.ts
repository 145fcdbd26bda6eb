// Enabling plans for customers: groups (upgrade, downgrade), add-ons, custom deals, scheduled
// starts, end dates, cancel and remove, pending customers, audit.
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx } from "@/tests/factories/customers";
import { createTestFeature, createTestPlan, enableTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { check } from "@/lib/balances/check";
import { track } from "@/lib/balances/track";
import { enablePlanForCustomer } from "./enable-plan-for-customer";
import { cancelCustomerPlan } from "./cancel-customer-plan";
import { removeCustomerPlan } from "./remove-customer-plan";
import { updatePlan } from "./update-plan";
import { archivePlan } from "./archive-plan";
import { enableDefaultPlans } from "./enable-default-plans";

// These tests create default plans (environment-wide): they get a database of their own.
runOnOwnDatabase("customer_plans");

const ctx = systemCtx("sandbox", "test");
const at = (iso: string) => new Date(iso);

async function entitlementsOf(customerId: string, now?: Date) {
  return (await loadCustomerEntitlements(db(), "sandbox", [customerId], now)).get(customerId)!;
}

/** messages (monthly), seats (continuous), sso (boolean) and a group with free and pro. */
async function catalog() {
  const messages = await createTestFeature({ type: "single_use" });
  const seats = await createTestFeature({ type: "continuous_use" });
  const sso = await createTestFeature({ type: "boolean" });
  const group = unique("group");
  const free = await createTestPlan({
    group,
    isDefault: true,
    items: [
      { featureId: messages.id, included: 100, resetInterval: "month" },
      { featureId: seats.id, included: 1 },
    ],
  });
  const pro = await createTestPlan({
    group,
    price: { amount: 2000, interval: "month" },
    items: [
      { featureId: messages.id, included: 1000, resetInterval: "month" },
      { featureId: seats.id, included: 5 },
      { featureId: sso.id },
    ],
  });
  return { messages, seats, sso, group, free, pro };
}

describe("enabling plans for customers", () => {
  it("grants a plan's balances and flags at once", async () => {
    const { messages, seats, sso, pro } = await catalog();
    const customer = await createTestCustomer();
    const enabled = await enableTestPlan(customer.id, pro.id, { now: at("2025-03-10T12:00:00Z") });
    expect(enabled).toMatchObject({ changed: true, customerPlan: { status: "active", isCustom: false } });
    const entitlements = await entitlementsOf(customer.id, at("2025-03-11T00:00:00Z"));
    expect(entitlements.subscriptions).toEqual([
      expect.objectContaining({
        id: enabled.customerPlan.id,
        plan_id: pro.id,
        status: "active",
        add_on: false,
        auto_enable: false,
        started_at: at("2025-03-10T12:00:00Z").getTime(),
        current_period_start: at("2025-03-10T12:00:00Z").getTime(),
        current_period_end: at("2025-04-10T12:00:00Z").getTime(),
        price: { amount: 2000, currency: "usd", interval: "month" },
        custom: false,
      }),
    ]);
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 1000, usage: 0, remaining: 1000, next_reset_at: at("2025-04-10T12:00:00Z").getTime() });
    expect(entitlements.balances[seats.id]).toMatchObject({ granted: 5, next_reset_at: null });
    expect(entitlements.flags[sso.id]).toMatchObject({ feature_id: sso.id, plan_id: pro.id, expires_at: null });
  });

  it("upgrades and downgrades inside a group, carrying usage over and keeping the reset schedule", async () => {
    const { messages, seats, sso, free, pro } = await catalog();
    const customer = await createTestCustomer();
    const freePlan = await enableTestPlan(customer.id, free.id, { now: at("2025-01-31T10:00:00Z") });
    await track(ctx, { customer_id: customer.externalId!, feature_id: messages.id, value: 60 }, { now: at("2025-02-05T00:00:00Z") });
    await track(ctx, { customer_id: customer.externalId!, feature_id: seats.id, value: 1 }, { now: at("2025-02-05T00:00:00Z") });

    const upgrade = await enableTestPlan(customer.id, pro.id, { now: at("2025-02-10T00:00:00Z") });
    expect(upgrade.replaced.map((r) => r.id)).toEqual([freePlan.customerPlan.id]);
    let entitlements = await entitlementsOf(customer.id, at("2025-02-10T00:00:00Z"));
    expect(entitlements.subscriptions.map((s) => s.plan_id)).toEqual([pro.id]);
    // Same month, same usage: an upgrade does not hand out a fresh period.
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 1000, usage: 60, remaining: 940, next_reset_at: at("2025-02-28T10:00:00Z").getTime() });
    expect(entitlements.balances[seats.id]).toMatchObject({ granted: 5, usage: 1 });
    expect(entitlements.flags[sso.id]).toBeDefined();
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: freePlan.customerPlan.id } })).toMatchObject({ status: "replaced", endsAt: at("2025-02-10T00:00:00Z") });

    await track(ctx, { customer_id: customer.externalId!, feature_id: messages.id, value: 100 }, { now: at("2025-02-11T00:00:00Z") });
    await enableTestPlan(customer.id, free.id, { now: at("2025-02-12T00:00:00Z") });
    entitlements = await entitlementsOf(customer.id, at("2025-02-12T00:00:00Z"));
    expect(entitlements.subscriptions.map((s) => s.plan_id)).toEqual([free.id]);
    // Downgraded below what was used: remaining floors at 0 and check refuses until the reset.
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 100, usage: 160, remaining: 0 });
    expect(entitlements.flags[sso.id]).toBeUndefined();
    await expect(check(ctx, { customer_id: customer.externalId!, feature_id: messages.id }, { now: at("2025-02-12T00:00:00Z") })).resolves.toMatchObject({ allowed: false });
    await expect(check(ctx, { customer_id: customer.externalId!, feature_id: messages.id }, { now: at("2025-02-28T10:00:00Z") })).resolves.toMatchObject({
      allowed: true,
      balance: { usage: 0, remaining: 100 },
    });
  });

  it("does nothing when the same plan is enabled again as it is", async () => {
    const { free } = await catalog();
    const customer = await createTestCustomer();
    const first = await enableTestPlan(customer.id, free.id);
    const again = await enableTestPlan(customer.id, free.id);
    expect(again).toMatchObject({ changed: false, customerPlan: { id: first.customerPlan.id } });
  });

  it("stacks add-ons: the balance is the sum, usage goes to the soonest reset first, and removing the add-on removes exactly its grant", async () => {
    const { messages, pro } = await catalog();
    const topUp = await createTestPlan({ isAddOn: true, price: { amount: 500, interval: "one_off" }, items: [{ featureId: messages.id, included: 200 }] });
    const customer = await createTestCustomer();
    await enableTestPlan(customer.id, pro.id, { now: at("2025-03-01T00:00:00Z") });
    const addOn = await enableTestPlan(customer.id, topUp.id, { now: at("2025-03-02T00:00:00Z") });
    const second = await enableTestPlan(customer.id, topUp.id, { now: at("2025-03-02T00:00:00Z") });
    expect(second.changed).toBe(true);

    let entitlements = await entitlementsOf(customer.id, at("2025-03-03T00:00:00Z"));
    expect(entitlements.subscriptions.map((s) => s.plan_id)).toEqual([pro.id]);
    expect(entitlements.purchases.map((p) => p.plan_id)).toEqual([topUp.id, topUp.id]);
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 1400, remaining: 1400 });

    // 1100: the monthly grant (resets soonest) takes 1000, then the add-ons take 100.
    await track(ctx, { customer_id: customer.externalId!, feature_id: messages.id, value: 1100 }, { now: at("2025-03-04T00:00:00Z") });
    entitlements = await entitlementsOf(customer.id, at("2025-03-04T00:00:00Z"));
    const balance = entitlements.balances[messages.id]!;
    expect(balance).toMatchObject({ granted: 1400, usage: 1100, remaining: 300 });
    expect(balance.breakdown!.map((b) => [b.plan_id, b.included_grant, b.usage])).toEqual([
      [pro.id, 1000, 1000],
      [topUp.id, 200, 100],
      [topUp.id, 200, 0],
    ]);

    await removeCustomerPlan(ctx, { customerPlanId: addOn.customerPlan.id }, { now: at("2025-03-05T00:00:00Z") });
    entitlements = await entitlementsOf(customer.id, at("2025-03-05T00:00:00Z"));
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 1200, usage: 1000, remaining: 200 });
    expect(await db().grant.count({ where: { customerPlanId: addOn.customerPlan.id } })).toBe(0);

    // The monthly reset gives the monthly grant back; the one-off add-on keeps its usage.
    entitlements = await entitlementsOf(customer.id, at("2025-04-01T00:00:00Z"));
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 1200, usage: 0, remaining: 1200 });
  });

  it("records overage past every grant on the plan's own grant, not an add-on's", async () => {
    const { messages, pro } = await catalog();
    const topUp = await createTestPlan({ isAddOn: true, items: [{ featureId: messages.id, included: 10 }] });
    const customer = await createTestCustomer();
    await enableTestPlan(customer.id, topUp.id);
    await enableTestPlan(customer.id, pro.id);
    const tracked = await track(ctx, { customer_id: customer.externalId!, feature_id: messages.id, value: 1500 });
    expect(tracked.balance).toMatchObject({ granted: 1010, usage: 1500, remaining: 0 });
    const breakdown = (await entitlementsOf(customer.id)).balances[messages.id]!.breakdown!;
    expect(breakdown.map((b) => [b.plan_id, b.usage])).toEqual([
      [pro.id, 1490],
      [topUp.id, 10],
    ]);
  });

  it("shows a negotiated price and per-feature overrides, for this customer only, in the customer object", async () => {
    const { messages, seats, pro } = await catalog();
    const customer = await createTestCustomer();
    const other = await createTestCustomer();
    const staff = await staffCtx();
    const enabled = await enablePlanForCustomer(staff, {
      customerId: customer.id,
      planId: pro.id,
      customPriceAmount: 1500,
      overrides: { [messages.id]: { included: 5000 }, [seats.id]: { unlimited: true } },
      note: "Deal ACME-42",
    });
    expect(enabled.customerPlan).toMatchObject({ isCustom: true, note: "Deal ACME-42", customPriceAmount: 1500 });
    await enableTestPlan(other.id, pro.id);

    const entitlements = await entitlementsOf(customer.id);
    expect(entitlements.subscriptions[0]).toMatchObject({ plan_id: pro.id, custom: true, price: { amount: 1500, currency: "usd", interval: "month" } });
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 5000 });
    expect(entitlements.balances[seats.id]).toMatchObject({ unlimited: true });
    const standard = await entitlementsOf(other.id);
    expect(standard.subscriptions[0]).toMatchObject({ custom: false, price: { amount: 2000 } });
    expect(standard.balances[messages.id]).toMatchObject({ granted: 1000 });

    const audit = await db().auditEvent.findFirstOrThrow({ where: { customerId: customer.id, action: "customer_plan.enabled" } });
    expect(audit).toMatchObject({ actorKind: "staff", targetId: enabled.customerPlan.id, after: expect.objectContaining({ note: "Deal ACME-42", customPriceAmount: 1500 }) });

    await expect(
      enablePlanForCustomer(staff, { customerId: customer.id, planId: pro.id, overrides: { not_on_plan: { included: 1 } } }),
    ).rejects.toMatchObject({ code: "invalid_inputs" });
  });

  it("schedules a plan that starts later, activates it lazily at that moment, and replaces the group's plan then", async () => {
    const { messages, free, pro } = await catalog();
    const customer = await createTestCustomer();
    await enableTestPlan(customer.id, free.id, { now: at("2025-01-01T00:00:00Z") });
    await track(ctx, { customer_id: customer.externalId!, feature_id: messages.id, value: 40 }, { now: at("2025-01-20T00:00:00Z") });
    const scheduled = await enableTestPlan(customer.id, pro.id, { startsAt: at("2025-01-25T00:00:00Z"), now: at("2025-01-21T00:00:00Z") });
    expect(scheduled.customerPlan.status).toBe("scheduled");

    let entitlements = await entitlementsOf(customer.id, at("2025-01-24T23:59:59Z"));
    expect(entitlements.subscriptions.map((s) => [s.plan_id, s.status])).toEqual([
      [free.id, "active"],
      [pro.id, "scheduled"],
    ]);
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 100, usage: 40 });

    // The first call after the start date sees pro, with the usage carried over.
    const answer = await check(ctx, { customer_id: customer.externalId!, feature_id: messages.id }, { now: at("2025-01-26T00:00:00Z") });
    expect(answer.balance).toMatchObject({ granted: 1000, usage: 40 });
    entitlements = await entitlementsOf(customer.id, at("2025-01-26T00:00:00Z"));
    expect(entitlements.subscriptions.map((s) => [s.plan_id, s.status, s.started_at])).toEqual([[pro.id, "active", at("2025-01-25T00:00:00Z").getTime()]]);
    const actions = (await db().auditEvent.findMany({ where: { customerId: customer.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["customer_plan.enabled", "customer_plan.activated", "customer_plan.replaced"]));
  });

  it("expires a plan at its end date and falls back to the group's default plan", async () => {
    const { messages, sso, free, pro } = await catalog();
    const customer = await createTestCustomer();
    const enabled = await enableTestPlan(customer.id, pro.id, { endsAt: at("2025-06-30T00:00:00Z"), now: at("2025-06-01T00:00:00Z") });
    let entitlements = await entitlementsOf(customer.id, at("2025-06-29T00:00:00Z"));
    expect(entitlements.subscriptions[0]).toMatchObject({ plan_id: pro.id, expires_at: at("2025-06-30T00:00:00Z").getTime() });
    expect(entitlements.flags[sso.id]).toMatchObject({ expires_at: at("2025-06-30T00:00:00Z").getTime() });

    const answer = await check(ctx, { customer_id: customer.externalId!, feature_id: sso.id }, { now: at("2025-06-30T00:00:00Z") });
    expect(answer).toMatchObject({ allowed: false, flag: null });
    entitlements = await entitlementsOf(customer.id, at("2025-06-30T00:00:00Z"));
    expect(entitlements.subscriptions.map((s) => s.plan_id)).toEqual([free.id]);
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 100 });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: enabled.customerPlan.id } })).toMatchObject({ status: "expired" });
    expect(await db().auditEvent.count({ where: { targetId: enabled.customerPlan.id, action: "customer_plan.expired", actorKind: "system" } })).toBe(1);
  });

  it("cancels a plan: what it granted stops at once, and the group falls back to its default plan", async () => {
    const { messages, sso, free, pro } = await catalog();
    const customer = await createTestCustomer();
    const enabled = await enableTestPlan(customer.id, pro.id);
    await cancelCustomerPlan(await staffCtx(), { customerPlanId: enabled.customerPlan.id });
    const entitlements = await entitlementsOf(customer.id);
    expect(entitlements.subscriptions.map((s) => s.plan_id)).toEqual([free.id]);
    expect(entitlements.flags[sso.id]).toBeUndefined();
    expect(entitlements.balances[messages.id]).toMatchObject({ granted: 100 });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: enabled.customerPlan.id } })).toMatchObject({ status: "canceled" });
    await expect(cancelCustomerPlan(ctx, { customerPlanId: enabled.customerPlan.id })).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("works on a pending customer: what sales enabled is active the moment the customer is claimed", async () => {
    const { messages, pro } = await catalog();
    const email = `${unique("sales")}@globex.test`;
    const pending = await createTestCustomer({ externalId: null, email });
    await enablePlanForCustomer(await staffCtx(), { customerId: pending.id, planId: pro.id, customPriceAmount: 99_00, note: "Order form GLX-1" });
    // Addressable by the internal id while pending.
    await expect(check(ctx, { customer_id: pending.id, feature_id: messages.id })).resolves.toMatchObject({ allowed: true, customer_id: pending.id });

    const externalId = unique("user");
    const claimed = await getOrCreateCustomer(apiKeyCtx(), { customer_id: externalId, email });
    expect(claimed).toMatchObject({ id: externalId, subscriptions: [expect.objectContaining({ plan_id: pro.id, status: "active", custom: true })] });
    expect(claimed.balances[messages.id]).toMatchObject({ granted: 1000 });
    await expect(check(ctx, { customer_id: externalId, feature_id: messages.id, send_event: true })).resolves.toMatchObject({
      allowed: true,
      customer_id: externalId,
      balance: { usage: 1, remaining: 999 },
    });
  });

  it("keeps an archived plan on the customers that have it, and refuses to enable it anew", async () => {
    const { messages, pro } = await catalog();
    const customer = await createTestCustomer();
    await enableTestPlan(customer.id, pro.id);
    await archivePlan(ctx, { planId: pro.id });
    expect((await entitlementsOf(customer.id)).balances[messages.id]).toMatchObject({ granted: 1000 });
    const other = await createTestCustomer();
    await expect(enableTestPlan(other.id, pro.id)).rejects.toMatchObject({ code: "invalid_request", message: expect.stringContaining("archived") });
  });

  it("gives existing customers the version they got when the plan is edited; later ones get the new version", async () => {
    const { messages, pro } = await catalog();
    const before = await createTestCustomer();
    await enableTestPlan(before.id, pro.id);
    const edited = await updatePlan(ctx, { planId: pro.id, price: { amount: 2500, interval: "month" }, items: [{ featureId: messages.id, included: 2000, resetInterval: "month" }] });
    expect(edited.version).toBe(2);
    const after = await createTestCustomer();
    await enableTestPlan(after.id, pro.id);
    expect((await entitlementsOf(before.id)).balances[messages.id]).toMatchObject({ granted: 1000 });
    expect((await entitlementsOf(before.id)).subscriptions[0]).toMatchObject({ price: { amount: 2000 } });
    expect((await entitlementsOf(after.id)).balances[messages.id]).toMatchObject({ granted: 2000 });
    expect((await entitlementsOf(after.id)).subscriptions[0]).toMatchObject({ price: { amount: 2500 } });
  });

  it("enables the default plans inside the transaction that creates a customer", async () => {
    const env = "live" as const;
    const feature = await createTestFeature({ env });
    const plan = await createTestPlan({ env, isDefault: true, group: unique("g"), items: [{ featureId: feature.id, included: 3 }] });
    const customer = await createTestCustomer({ env });
    const liveCtx = systemCtx(env, "test");
    await db().$transaction(async (tx) => {
      await enableDefaultPlans(tx, liveCtx, customer.id);
      // The loader works inside the caller's transaction too.
      const inside = (await loadCustomerEntitlements(tx, env, [customer.id])).get(customer.id)!;
      expect(inside.subscriptions.map((s) => [s.plan_id, s.auto_enable])).toEqual(expect.arrayContaining([[plan.id, true]]));
    });
    const entitlements = (await loadCustomerEntitlements(db(), env, [customer.id])).get(customer.id)!;
    expect(entitlements.balances[feature.id]).toMatchObject({ granted: 3 });
  });
});
