// rebuildUsageRollups recomputes exactly what tracking keeps: events tracked through the real track
// path (entities, properties in other key orders, nested values, negative and fractional values,
// several hours, features and customers), their rollups deleted and rebuilt, give the same rows
// in both tables. It replaces stale rows, leaves customers outside its scope alone, runs in a
// Prisma transaction as well as on the pg pool, and makes events inserted directly (as the seeds
// do) visible to events.aggregate.
import { beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { db, pool } from "@/lib/db";
import { newId } from "@/lib/ids";
import { track } from "@/lib/balances/track";
import { createEntity } from "@/lib/entities/create-entity";
import { createTestCustomer } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { aggregateEvents } from "./aggregate-events";
import { rebuildUsageRollups } from "./rebuild-usage-rollups";

const ctx = systemCtx("sandbox", "test");
const at = (iso: string) => new Date(iso).getTime();

let messages: { id: string; pk: string };
let other: { id: string; pk: string };
let first: { pk: string; id: string };
let second: { pk: string; id: string };
let bystander: { pk: string; id: string };

const ROLLUPS = `select customer_id, feature_pk, env::text, hour, value::float8, count::int from usage_rollups where customer_id = any($1::text[]) order by 1, 2, 4`;
const SHAPES = `select customer_id, feature_pk, env::text, hour, group_key::text, entity_id, properties, value::float8, count::int
                  from usage_property_rollups where customer_id = any($1::text[]) order by 1, 2, 4, 5`;

async function rollupsOf(customerPks: string[]) {
  const [rollups, shapes] = await Promise.all([pool().query(ROLLUPS, [customerPks]), pool().query(SHAPES, [customerPks])]);
  return { rollups: rollups.rows, shapes: shapes.rows };
}

async function deleteRollups(customerPks: string[]) {
  await pool().query(`delete from usage_rollups where customer_id = any($1::text[])`, [customerPks]);
  await pool().query(`delete from usage_property_rollups where customer_id = any($1::text[])`, [customerPks]);
}

beforeAll(async () => {
  const seats = await createTestFeature({ type: "continuous_use" });
  messages = await createTestFeature();
  other = await createTestFeature();
  const plan = await createTestPlan({
    items: [
      { featureId: seats.id, included: 5, resetInterval: "none" },
      { featureId: messages.id, included: 100_000 },
      { featureId: other.id, included: 100_000 },
    ],
  });
  const customers = [await createTestCustomer(), await createTestCustomer(), await createTestCustomer()];
  for (const customer of customers) await enableTestPlan(customer.id, plan.id);
  const ids = customers.map((c) => ({ pk: c.id, id: c.externalId! }));
  first = ids[0]!;
  second = ids[1]!;
  bystander = ids[2]!;
  await createEntity(ctx, { customer_id: first.id, entity_id: "seat_a", feature_id: seats.id });
  await createEntity(ctx, { customer_id: first.id, entity_id: "seat_b", feature_id: seats.id });

  const tracks: [customer: string, feature: string, when: string, value: number, properties: Record<string, unknown> | undefined, entity?: string][] = [
    [first.id, messages.id, "2026-01-05T10:05:00Z", 1, { model: "gpt", region: "eu" }],
    [first.id, messages.id, "2026-01-05T10:10:00Z", 2.5, { region: "eu", model: "gpt" }],
    [first.id, messages.id, "2026-01-05T10:20:00Z", 3, { model: "gpt" }],
    [first.id, messages.id, "2026-01-05T10:30:00Z", 4, undefined],
    [first.id, messages.id, "2026-01-05T10:35:00Z", 0.25, undefined],
    [first.id, messages.id, "2026-01-05T10:40:00Z", 5, { model: "claude", meta: { tier: "pro", n: 1 } }],
    [first.id, messages.id, "2026-01-05T10:50:00Z", 6, { model: "gpt", region: "eu" }, "seat_a"],
    [first.id, messages.id, "2026-01-05T10:59:59Z", 6, { region: "eu", model: "gpt" }, "seat_a"],
    [first.id, other.id, "2026-01-05T10:55:00Z", 100, { model: "gpt" }],
    [first.id, messages.id, "2026-01-05T11:00:00Z", 7, { model: "claude", region: "us" }, "seat_b"],
    [first.id, messages.id, "2026-01-05T11:15:00Z", 8, { model: 5 }],
    [first.id, messages.id, "2026-01-06T09:00:00Z", 9, { model: "gpt", region: "eu" }],
    [first.id, messages.id, "2026-01-06T09:45:00Z", -3, { model: "gpt", region: "eu" }],
    [second.id, messages.id, "2026-01-05T10:25:00Z", 20, { model: "gpt", region: "us" }],
    [second.id, messages.id, "2026-01-05T10:26:00Z", 20, { model: "gpt", region: "us" }],
    [second.id, other.id, "2026-01-06T09:10:00Z", 40, { region: "us" }],
    [bystander.id, messages.id, "2026-01-05T10:25:00Z", 11, { model: "gpt" }],
  ];
  for (const [customerId, featureId, when, value, properties, entityId] of tracks) {
    await track(ctx, { customer_id: customerId, feature_id: featureId, value, properties, timestamp: at(when), ...(entityId ? { entity_id: entityId } : {}) });
  }
});

describe("rebuildUsageRollups", () => {
  it("rebuilds, from the raw events, exactly the rows the track statement kept", async () => {
    const scope = [first.pk, second.pk];
    const tracked = await rollupsOf(scope);
    // 16 events. Hours: first's messages 3, its other feature 1, second's 1 + 1. Shapes: first's
    // 10:00 hour of messages 5 (the same properties in another key order are one shape, with an entity another), 11:00 2, the
    // next day 1, its other feature 1; second's 1 + 1.
    expect(tracked.rollups).toHaveLength(6);
    expect(tracked.shapes).toHaveLength(11);
    const bystanderBefore = await rollupsOf([bystander.pk]);

    await deleteRollups(scope);
    expect((await rollupsOf(scope)).rollups).toEqual([]);
    const result = await rebuildUsageRollups(pool(), { env: "sandbox", customerPks: scope });
    expect(result).toEqual({ rollups: 6, propertyRollups: 11 });
    expect(await rollupsOf(scope)).toEqual(tracked);
    expect(await rollupsOf([bystander.pk])).toEqual(bystanderBefore);

    // Again, over rollups that are wrong (a changed value, an extra hour): replaced, not added to.
    await pool().query(`update usage_rollups set value = value + 1000, count = count + 1 where customer_id = $1`, [first.pk]);
    await pool().query(`update usage_property_rollups set value = 0 where customer_id = $1`, [second.pk]);
    await pool().query(
      `insert into usage_rollups (customer_id, feature_pk, env, hour, value, count) values ($1, $2, 'sandbox', '2025-06-01T00:00:00Z', 9, 9)`,
      [first.pk, messages.pk],
    );
    await pool().query(
      `insert into usage_property_rollups (customer_id, feature_pk, env, hour, group_key, entity_id, properties, value, count)
       values ($1, $2, 'sandbox', '2025-06-01T00:00:00Z', gen_random_uuid(), null, '{"stale":true}', 9, 9)`,
      [second.pk, messages.pk],
    );
    await rebuildUsageRollups(pool(), { env: "sandbox", customerPks: scope });
    expect(await rollupsOf(scope)).toEqual(tracked);
  });

  it("runs inside a Prisma transaction, and touches nothing outside the environment given", async () => {
    const everyone = [first.pk, second.pk, bystander.pk];
    const tracked = await rollupsOf(everyone);
    await rebuildUsageRollups(pool(), { env: "live", customerPks: everyone });
    expect(await rollupsOf(everyone)).toEqual(tracked);

    await deleteRollups(everyone);
    await db().$transaction((tx) => rebuildUsageRollups(tx, { env: "sandbox", customerPks: everyone }));
    expect(await rollupsOf(everyone)).toEqual(tracked);
    expect(await rebuildUsageRollups(pool(), { env: "sandbox", customerPks: [] })).toEqual({ rollups: 0, propertyRollups: 0 });
  });

  it("makes events inserted directly, as the seeds do, count in events.aggregate", async () => {
    const customer = await createTestCustomer();
    await insertEvents(customer.id, "sandbox");
    const query = { customer_id: customer.externalId!, feature_id: messages.id, custom_range: { start: at("2026-01-01T00:00:00Z"), end: at("2026-01-04T00:00:00Z") }, bin_size: "day" as const };
    expect((await aggregateEvents(ctx, query)).total[messages.id]).toEqual({ count: 0, sum: 0 });

    expect(await rebuildUsageRollups(pool(), { env: "sandbox", customerPks: [customer.id] })).toEqual({ rollups: 3, propertyRollups: 3 });
    const answer = await aggregateEvents(ctx, query);
    expect(answer.total[messages.id]).toEqual({ count: 3, sum: 60 });
    expect(answer.list.map((bin) => bin.values[messages.id])).toEqual([10, 20, 30]);
    const byProperty = await aggregateEvents(ctx, { ...query, group_by: "properties.model" });
    expect(byProperty.list.map((bin) => bin.grouped_values![messages.id])).toEqual([{ none: 10 }, { none: 20 }, { none: 30 }]);
  });

  it("without customerPks, rebuilds every customer of the environment", async () => {
    // In a transaction that is rolled back: other test files share the database and track (or
    // delete events) in parallel, and the whole environment's rollups are theirs too.
    const liveFeature = await createTestFeature({ env: "live" });
    const customer = await createTestCustomer({ env: "live" });
    await insertEvents(customer.id, "live", liveFeature.pk);
    const rolledBack = new Error("roll back");
    let seen: unknown[] = [];
    await expect(
      db().$transaction(async (tx) => {
        const result = await rebuildUsageRollups(tx, { env: "live" });
        expect(result.rollups).toBeGreaterThanOrEqual(3);
        seen = await tx.$queryRawUnsafe<unknown[]>(`select value::float8, count::int from usage_rollups where customer_id = $1 order by hour`, customer.id);
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(seen).toEqual([10, 20, 30].map((value) => ({ value, count: 1 })));
  });
});

/** Three events on three days at noon (10, 20, 30), written straight into usage_events. */
async function insertEvents(customerPk: string, env: "sandbox" | "live", featurePk = messages.pk) {
  await db().usageEvent.createMany({
    data: [1, 2, 3].map((day) => ({ id: newId("use"), env, customerId: customerPk, featurePk, value: day * 10, createdAt: new Date(`2026-01-0${day}T12:00:00Z`) })),
  });
}
