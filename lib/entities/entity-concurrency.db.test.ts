// Exactness under concurrency for entities: seats handed out by concurrent creations, and
// per-entity balances consumed by concurrent checks, through the app's real pool.
import { describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { check } from "@/lib/balances/check";
import { track } from "@/lib/balances/track";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { createTestCustomer } from "@/tests/factories";
import { enableTestPlan } from "@/tests/factories/entitlements";
import { createSeatsCatalog } from "@/tests/factories/entities";
import { createEntity } from "./create-entity";
import { getEntity } from "./get-entity";

const ctx = systemCtx("sandbox", "test");

async function customerWithSeats(seats: number, perSeat: number) {
  const customer = await createTestCustomer();
  const catalog = await createSeatsCatalog({ seats, perSeat });
  await enableTestPlan(customer.id, catalog.plan.id);
  return { customer, customerId: customer.externalId!, ...catalog };
}

describe("entities under concurrency", () => {
  it("hands out exactly the seats there are to 12 concurrent creations of 3 seats", async () => {
    const { customer, customerId, seats } = await customerWithSeats(3, 1);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, n) => createEntity(ctx, { customer_id: customerId, entity_id: `seat_${n}`, feature_id: seats.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "feature_limit_reached" });
    expect(await db().entity.count({ where: { customerId: customer.id, deletedAt: null } })).toBe(3);
    const balances = (await loadCustomerEntitlements(db(), "sandbox", [customer.id])).get(customer.id)!.balances;
    expect(balances[seats.id]).toMatchObject({ granted: 3, usage: 3, remaining: 0 });
  });

  it("allows exactly each entity's own balance to concurrent consuming checks on two entities (their first writes)", async () => {
    const { customer, customerId, seats, messages } = await customerWithSeats(2, 20);
    await createEntity(ctx, { customer_id: customerId, entity_id: "alice", feature_id: seats.id });
    await createEntity(ctx, { customer_id: customerId, entity_id: "bob", feature_id: seats.id });

    const consume = (entity: string) => check(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: entity, required_balance: 1, send_event: true });
    const results = await Promise.all([...Array.from({ length: 40 }, () => consume("alice")), ...Array.from({ length: 40 }, () => consume("bob"))]);

    const allowed = (entity: string) => results.filter((r) => r.entity_id === entity && r.allowed);
    expect(allowed("alice")).toHaveLength(20);
    expect(allowed("bob")).toHaveLength(20);
    // Every allowed answer saw a distinct remaining balance of its entity: 19, 18, ..., 0.
    expect(new Set(allowed("alice").map((r) => r.balance!.remaining)).size).toBe(20);
    for (const entity of ["alice", "bob"]) {
      expect((await getEntity(ctx, { customer_id: customerId, entity_id: entity })).balances[messages.id]).toMatchObject({ granted: 20, usage: 20, remaining: 0 });
    }
    expect(await db().usageEvent.count({ where: { customerId: customer.id } })).toBe(40);
    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id })).toMatchObject({ allowed: false, balance: { granted: 40, usage: 40 } });
  });

  it("counts concurrent entity tracks and customer-level tracks of a per-entity feature exactly", async () => {
    const { customerId, seats, messages } = await customerWithSeats(1, 100);
    await createEntity(ctx, { customer_id: customerId, entity_id: "solo", feature_id: seats.id });
    await Promise.all([
      ...Array.from({ length: 30 }, () => track(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "solo", value: 2 })),
      ...Array.from({ length: 30 }, () => track(ctx, { customer_id: customerId, feature_id: messages.id, value: 1 })),
    ]);
    expect((await getEntity(ctx, { customer_id: customerId, entity_id: "solo" })).balances[messages.id]).toMatchObject({ usage: 60 });
    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id })).toMatchObject({ balance: { granted: 100, usage: 90, remaining: 10 } });
  });
});
