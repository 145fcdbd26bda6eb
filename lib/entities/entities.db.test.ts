import { describe, expect, it } from "vitest";
import { CreateEntityResponse$inboundSchema, GetEntityResponse$inboundSchema, ListEntitiesResponse$inboundSchema } from "autumn-js";
import { systemCtx } from "@/lib/context";
import { db } from "@/lib/db";
import { check } from "@/lib/balances/check";
import { track } from "@/lib/balances/track";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, enableTestPlan } from "@/tests/factories/entitlements";
import { createSeatsCatalog } from "@/tests/factories/entities";
import { createEntity } from "./create-entity";
import { getEntity } from "./get-entity";
import { listEntities } from "./list-entities";
import { updateEntity } from "./update-entity";
import { deleteEntity } from "./delete-entity";
import { apiEntityListSchema, apiEntitySchema } from "./entity-object";
import { listCustomerEntities } from "./list-customer-entities";
import { deleteFeature } from "@/lib/features/delete-feature";

const ctx = systemCtx("sandbox", "test");

async function customerWithSeats(options: { seats: number; perSeat: number; seatsOverage?: boolean }) {
  const customer = await createTestCustomer();
  const catalog = await createSeatsCatalog(options);
  await enableTestPlan(customer.id, catalog.plan.id);
  return { customer, customerId: customer.externalId!, ...catalog };
}

async function balancesOf(customerPk: string) {
  return (await loadCustomerEntitlements(db(), "sandbox", [customerPk])).get(customerPk)!.balances;
}

describe("entities", () => {
  it("creates an entity under a continuous-use feature: it takes a seat and has its own per-entity balance", async () => {
    const { customer, customerId, seats, messages } = await customerWithSeats({ seats: 3, perSeat: 50 });
    const entity = await createEntity(ctx, { customer_id: customerId, entity_id: "seat_1", feature_id: seats.id, name: "Alice" });

    expect(apiEntitySchema.parse(entity)).toEqual({
      id: "seat_1",
      name: "Alice",
      customer_id: customerId,
      feature_id: seats.id,
      created_at: expect.any(Number),
      env: "sandbox",
      subscriptions: [],
      purchases: [],
      balances: { [messages.id]: expect.objectContaining({ feature_id: messages.id, granted: 50, remaining: 50, usage: 0 }) },
      flags: {},
    });
    expect(CreateEntityResponse$inboundSchema.parse(entity)).toMatchObject({ id: "seat_1", customerId, featureId: seats.id });
    const balances = await balancesOf(customer.id);
    expect(balances[seats.id]).toMatchObject({ granted: 3, usage: 1, remaining: 2 });
    // The customer's total of a per-entity feature: what each live entity has.
    expect(balances[messages.id]).toMatchObject({ granted: 50, usage: 0, remaining: 50 });
  });

  it("refuses an entity past the seats with feature_limit_reached; deleting one gives the seat back and frees its id", async () => {
    const { customer, customerId, seats } = await customerWithSeats({ seats: 2, perSeat: 10 });
    await createEntity(ctx, { customer_id: customerId, entity_id: "a", feature_id: seats.id });
    await createEntity(ctx, { customer_id: customerId, entity_id: "b", feature_id: seats.id });
    await expect(createEntity(ctx, { customer_id: customerId, entity_id: "c", feature_id: seats.id })).rejects.toMatchObject({
      code: "feature_limit_reached",
      status: 400,
      message: expect.stringContaining("Cannot create entity c"),
    });
    await expect(createEntity(ctx, { customer_id: customerId, entity_id: "a", feature_id: seats.id })).rejects.toMatchObject({ code: "entity_already_exists", status: 409 });

    expect(await deleteEntity(ctx, { customer_id: customerId, entity_id: "a" })).toEqual({ success: true });
    expect((await balancesOf(customer.id))[seats.id]).toMatchObject({ usage: 1, remaining: 1 });
    await expect(getEntity(ctx, { customer_id: customerId, entity_id: "a" })).rejects.toMatchObject({ code: "entity_not_found", status: 404 });
    await expect(deleteEntity(ctx, { customer_id: customerId, entity_id: "a" })).rejects.toMatchObject({ code: "entity_not_found" });
    // The id is free again, and so is the seat.
    await createEntity(ctx, { customer_id: customerId, entity_id: "a", feature_id: seats.id });
    expect((await balancesOf(customer.id))[seats.id]).toMatchObject({ usage: 2, remaining: 0 });
  });

  it("lets seats go past the grant when the balance allows overage, and registers entities of a customer without the feature", async () => {
    const { customerId, seats } = await customerWithSeats({ seats: 1, perSeat: 5, seatsOverage: true });
    await createEntity(ctx, { customer_id: customerId, entity_id: "a", feature_id: seats.id });
    await createEntity(ctx, { customer_id: customerId, entity_id: "b", feature_id: seats.id });

    const bare = await createTestCustomer();
    const entity = await createEntity(ctx, { customer_id: bare.externalId!, entity_id: "ws_1", feature_id: seats.id });
    expect(entity.balances).toEqual({});

    // A feature that entities were created under cannot be deleted (only archived).
    const workspaces = await createTestFeature({ type: "continuous_use" });
    await createEntity(ctx, { customer_id: bare.externalId!, entity_id: "ws_2", feature_id: workspaces.id });
    await expect(deleteFeature(ctx, { featureId: workspaces.id })).rejects.toMatchObject({ code: "feature_in_use", message: expect.stringContaining("1 entity") });
  });

  it("answers clear errors for bad references and unsupported inputs", async () => {
    const { customerId, seats, messages } = await customerWithSeats({ seats: 1, perSeat: 5 });
    const flag = await createTestFeature({ type: "boolean" });
    await expect(createEntity(ctx, { customer_id: "nobody_" + unique(), entity_id: "a", feature_id: seats.id })).rejects.toMatchObject({ code: "customer_not_found" });
    await expect(createEntity(ctx, { customer_id: customerId, entity_id: "a", feature_id: "nope_" + unique() })).rejects.toMatchObject({ code: "feature_not_found" });
    for (const feature of [messages.id, flag.id]) {
      await expect(createEntity(ctx, { customer_id: customerId, entity_id: "a", feature_id: feature })).rejects.toMatchObject({
        code: "invalid_inputs",
        message: expect.stringMatching(/^feature_id: .* continuous-use feature/),
      });
    }
    await expect(createEntity(ctx, { customer_id: customerId, entity_id: "bad id", feature_id: seats.id })).rejects.toThrow(/entity_id/);
    await expect(
      createEntity(ctx, { customer_id: customerId, entity_id: "a", feature_id: seats.id, billing_controls: { spend_limits: [] } }),
    ).rejects.toMatchObject({ code: "not_supported", status: 501 });
    // Nothing was created by the refused calls.
    expect(await db().entity.count({ where: { customer: { externalId: customerId } } })).toBe(0);
  });

  it("gets, renames and lists entities (cursor pages, search, customer filter), one environment at a time", async () => {
    const { customerId, seats } = await customerWithSeats({ seats: 10, perSeat: 1 });
    const other = await customerWithSeats({ seats: 10, perSeat: 1 });
    const tag = unique("ws");
    for (const n of [1, 2, 3]) await createEntity(ctx, { customer_id: customerId, entity_id: `${tag}_${n}`, feature_id: seats.id, name: `Workspace ${n}` });
    await createEntity(ctx, { customer_id: other.customerId, entity_id: `${tag}_1`, feature_id: other.seats.id });

    const renamed = await updateEntity(ctx, { customer_id: customerId, entity_id: `${tag}_2`, name: "Design" });
    expect(renamed).toMatchObject({ id: `${tag}_2`, name: "Design" });
    expect(GetEntityResponse$inboundSchema.parse(await getEntity(ctx, { customer_id: customerId, entity_id: `${tag}_2` }))).toMatchObject({ name: "Design" });
    // Two customers use `${tag}_1`: without customer_id the id is ambiguous.
    await expect(getEntity(ctx, { entity_id: `${tag}_1` })).rejects.toMatchObject({ code: "invalid_request", message: expect.stringContaining("pass customer_id") });
    expect(await getEntity(ctx, { entity_id: `${tag}_3` })).toMatchObject({ id: `${tag}_3`, customer_id: customerId });

    const first = await listEntities(ctx, { customer_id: customerId, limit: 2 });
    expect(ListEntitiesResponse$inboundSchema.parse(first).list).toHaveLength(2);
    expect(first.list.map((e) => e.id)).toEqual([`${tag}_1`, `${tag}_2`]);
    const second = apiEntityListSchema.parse(await listEntities(ctx, { customer_id: customerId, limit: 2, start_cursor: first.next_cursor! }));
    expect(second).toMatchObject({ list: [{ id: `${tag}_3` }], next_cursor: null });
    expect((await listEntities(ctx, { search: "DESIGN", customer_id: customerId })).list.map((e) => e.id)).toEqual([`${tag}_2`]);
    expect((await listEntities(ctx, { search: tag, limit: 100 })).list).toHaveLength(4);
    await expect(listEntities(ctx, { start_cursor: "garbage" })).rejects.toMatchObject({ code: "invalid_inputs" });

    const live = systemCtx("live", "test");
    await expect(getEntity(live, { entity_id: `${tag}_3` })).rejects.toMatchObject({ code: "entity_not_found" });
    expect((await listEntities(live, { search: tag })).list).toEqual([]);
  });
});

describe("the customer page's entities", () => {
  it("lists the customer's live entities with feature names and their own balances, and counts them all", async () => {
    const { customer, customerId, seats, messages } = await customerWithSeats({ seats: 5, perSeat: 8 });
    expect(await listCustomerEntities(ctx, { customerId: customer.id })).toEqual({ entities: [], total: 0 });
    for (const id of ["a", "b", "c"]) await createEntity(ctx, { customer_id: customerId, entity_id: id, feature_id: seats.id, name: id.toUpperCase() });
    await deleteEntity(ctx, { customer_id: customerId, entity_id: "b" });
    await track(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "c", value: 3 });

    const view = await listCustomerEntities(ctx, { customerId: customer.id, limit: 1 });
    expect(view.total).toBe(2);
    expect(view.entities).toEqual([
      {
        id: "a",
        name: "A",
        featureId: seats.id,
        featureName: "Test feature",
        createdAt: expect.any(String),
        balances: [{ featureId: messages.id, featureName: "Test feature", granted: 8, usage: 0, remaining: 8, unlimited: false }],
      },
    ]);
    expect((await listCustomerEntities(ctx, { customerId: customer.id })).entities[1]!.balances[0]).toMatchObject({ usage: 3, remaining: 5 });
  });
});

describe("check and track with entity_id", () => {
  it("gets an entity after applying what is due for its customer: a balance reset, then the plan's end", async () => {
    const { customer, customerId, seats, messages } = await customerWithSeats({ seats: 5, perSeat: 10 });
    await createEntity(ctx, { customer_id: customerId, entity_id: "alice", feature_id: seats.id });
    await track(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "alice", value: 4 });
    expect((await getEntity(ctx, { customer_id: customerId, entity_id: "alice" })).balances[messages.id]).toMatchObject({ usage: 4, remaining: 6 });

    // Past the monthly reset: the usage of the period before no longer counts.
    const later = new Date(Date.now() + 40 * 86_400_000);
    expect((await getEntity(ctx, { customer_id: customerId, entity_id: "alice" }, { now: later })).balances[messages.id]).toMatchObject({
      granted: 10,
      usage: 0,
      remaining: 10,
    });
    // The plan has ended: its per-entity balance is gone.
    await db().customerPlan.updateMany({ where: { customerId: customer.id }, data: { endsAt: new Date(Date.now() - 1_000) } });
    expect((await getEntity(ctx, { customer_id: customerId, entity_id: "alice" })).balances).toEqual({});
  });

  it("uses the entity's own balance of a per-entity feature; without entity_id the customer's total", async () => {
    const { customer, customerId, seats, messages } = await customerWithSeats({ seats: 5, perSeat: 10 });
    await createEntity(ctx, { customer_id: customerId, entity_id: "alice", feature_id: seats.id });
    await createEntity(ctx, { customer_id: customerId, entity_id: "bob", feature_id: seats.id });

    const tracked = await track(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "alice", value: 4 });
    expect(tracked).toMatchObject({ customer_id: customerId, entity_id: "alice", value: 4, balance: { granted: 10, usage: 4, remaining: 6 } });
    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "alice", required_balance: 7 })).toMatchObject({
      allowed: false,
      entity_id: "alice",
      balance: { granted: 10, usage: 4, remaining: 6 },
    });
    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "bob", required_balance: 7 })).toMatchObject({
      allowed: true,
      balance: { granted: 10, usage: 0, remaining: 10 },
    });
    // Customer level: 2 entities × 10, alice's 4 used.
    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id, required_balance: 16 })).toMatchObject({
      allowed: true,
      balance: { granted: 20, usage: 4, remaining: 16 },
    });
    expect((await balancesOf(customer.id))[messages.id]).toMatchObject({ granted: 20, usage: 4 });
    expect((await getEntity(ctx, { customer_id: customerId, entity_id: "alice" })).balances[messages.id]).toMatchObject({ granted: 10, usage: 4, remaining: 6 });

    // A consuming check on the entity, and the event remembers the entity.
    expect(await check(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "bob", required_balance: 10, send_event: true })).toMatchObject({
      allowed: true,
      balance: { usage: 10, remaining: 0 },
    });
    const events = await db().usageEvent.findMany({ where: { customerId: customer.id }, include: { entity: true }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.entity?.externalId, e.value])).toEqual([
      ["alice", 4],
      ["bob", 10],
    ]);

    // A feature that is not per-entity stays the customer's shared balance, with or without entity_id.
    expect(await check(ctx, { customer_id: customerId, feature_id: seats.id, entity_id: "alice", required_balance: 3 })).toMatchObject({
      allowed: true,
      balance: { granted: 5, usage: 2 },
    });

    // Deleting bob takes his share and his usage out of the customer's total.
    await deleteEntity(ctx, { customer_id: customerId, entity_id: "bob" });
    expect((await balancesOf(customer.id))[messages.id]).toMatchObject({ granted: 10, usage: 4 });
    await expect(track(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "bob" })).rejects.toMatchObject({ code: "entity_not_found", status: 404 });
    await expect(check(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "nobody" })).rejects.toMatchObject({ code: "entity_not_found" });
  });

  it("replays an entity track by its idempotency key and counts it once", async () => {
    const { customerId, seats, messages } = await customerWithSeats({ seats: 1, perSeat: 10 });
    await createEntity(ctx, { customer_id: customerId, entity_id: "solo", feature_id: seats.id });
    const key = unique("idem");
    const first = await track(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "solo", value: 3, idempotency_key: key });
    const again = await track(ctx, { customer_id: customerId, feature_id: messages.id, entity_id: "solo", value: 3, idempotency_key: key });
    expect(again).toEqual(first);
    expect((await getEntity(ctx, { customer_id: customerId, entity_id: "solo" })).balances[messages.id]).toMatchObject({ usage: 3 });
    await expect(track(ctx, { customer_id: customerId, feature_id: messages.id, value: 3, idempotency_key: key })).rejects.toMatchObject({ code: "idempotency_conflict" });
  });
});
