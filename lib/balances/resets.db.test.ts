// Resets happen exactly at next_reset_at, lazily (on the next read or write), with month-end
// clamping and one reset for several missed periods.
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { createTestCustomer } from "@/tests/factories";
import { createMeteredPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { check } from "./check";
import { track } from "./track";

const ctx = systemCtx("sandbox", "test");
const at = (iso: string) => new Date(iso);
const ms = (iso: string) => new Date(iso).getTime();

async function setup(startsAt: string, options: { type?: "single_use" | "continuous_use"; resetInterval?: "month" | "none" } = {}) {
  const customer = await createTestCustomer();
  const { feature, plan } = await createMeteredPlan({ included: 100, type: options.type, resetInterval: options.resetInterval });
  await enableTestPlan(customer.id, plan.id, { startsAt: at(startsAt), now: at(startsAt) });
  const use = (value: number, when: string) => track(ctx, { customer_id: customer.externalId!, feature_id: feature.id, value }, { now: at(when) });
  const read = async (when: string) => (await check(ctx, { customer_id: customer.externalId!, feature_id: feature.id }, { now: at(when) })).balance!;
  return { customer, feature, use, read };
}

describe("balance resets", () => {
  it("resets a balance last reset on 31 January on 28 February and then on 31 March", async () => {
    const { use, read } = await setup("2025-01-31T10:00:00Z");
    await use(30, "2025-02-10T00:00:00Z");
    expect(await read("2025-02-28T09:59:59.999Z")).toMatchObject({ usage: 30, remaining: 70, next_reset_at: ms("2025-02-28T10:00:00Z") });
    expect(await read("2025-02-28T10:00:00Z")).toMatchObject({ usage: 0, remaining: 100, next_reset_at: ms("2025-03-31T10:00:00Z") });
    await use(45, "2025-03-15T00:00:00Z");
    expect(await read("2025-03-31T09:00:00Z")).toMatchObject({ usage: 45, next_reset_at: ms("2025-03-31T10:00:00Z") });
    // A write is the first to notice this time: the reset comes before the usage.
    const tracked = await use(5, "2025-03-31T10:00:00Z");
    expect(tracked.balance).toMatchObject({ usage: 5, remaining: 95, next_reset_at: ms("2025-04-30T10:00:00Z") });
  });

  it("resets on 29 February in a leap year", async () => {
    const { use, read } = await setup("2024-01-31T00:00:00Z");
    await use(10, "2024-02-01T00:00:00Z");
    expect(await read("2024-02-28T23:59:59Z")).toMatchObject({ usage: 10, next_reset_at: ms("2024-02-29T00:00:00Z") });
    expect(await read("2024-02-29T00:00:00Z")).toMatchObject({ usage: 0, next_reset_at: ms("2024-03-31T00:00:00Z") });
  });

  it("resets once, not three times, after three missed periods", async () => {
    const { customer, feature, use, read } = await setup("2025-01-31T10:00:00Z");
    await use(80, "2025-02-01T00:00:00Z");
    // Nobody looked at this customer from 1 February to 15 May (28 Feb, 31 Mar and 30 Apr passed).
    const entitlements = (await loadCustomerEntitlements(db(), "sandbox", [customer.id], at("2025-05-15T00:00:00Z"))).get(customer.id)!;
    expect(entitlements.balances[feature.id]).toMatchObject({ usage: 0, next_reset_at: ms("2025-05-31T10:00:00Z") });
    const grant = await db().grant.findFirstOrThrow({ where: { customerId: customer.id } });
    expect(grant.lastResetAt).toEqual(at("2025-04-30T10:00:00Z"));
    expect(grant.updatedAt).toEqual(at("2025-05-15T00:00:00Z"));
    // Usage after the reset stays: the period is current, nothing resets again before 31 May.
    await use(7, "2025-05-16T00:00:00Z");
    expect(await read("2025-05-31T09:59:00Z")).toMatchObject({ usage: 7, next_reset_at: ms("2025-05-31T10:00:00Z") });
    expect((await db().grant.findFirstOrThrow({ where: { customerId: customer.id } })).lastResetAt).toEqual(at("2025-04-30T10:00:00Z"));
  });

  it("never resets a continuous-use balance (seats)", async () => {
    const { use, read } = await setup("2025-01-31T10:00:00Z", { type: "continuous_use", resetInterval: "month" });
    await use(3, "2025-02-01T00:00:00Z");
    expect(await read("2026-06-01T00:00:00Z")).toMatchObject({ usage: 3, remaining: 97, next_reset_at: null });
  });

  it("applies a due reset inside the caller's transaction when the loader is given one", async () => {
    const { customer, feature, use } = await setup("2025-01-31T10:00:00Z");
    await use(30, "2025-02-10T00:00:00Z");
    const inside = await db().$transaction(async (tx) => (await loadCustomerEntitlements(tx, "sandbox", [customer.id], at("2025-03-01T00:00:00Z"))).get(customer.id)!);
    expect(inside.balances[feature.id]).toMatchObject({ usage: 0, next_reset_at: ms("2025-03-31T10:00:00Z") });
    expect((await db().grant.findFirstOrThrow({ where: { customerId: customer.id } })).usage).toBe(0);
  });
});
