// events.aggregate grouped and filtered from the rollups: every answer equals the same aggregate
// computed here from the raw events (a reference written out in plain code), for events of
// different property sets (missing keys, other key orders, nested and non-string values), entities
// and customers; and whole hours keep answering the same once the raw events are gone, so they
// are read from the rollups (usage_property_rollups), which the track statement keeps and the
// migration's backfill computes alike.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { systemCtx } from "@/lib/context";
import { pool } from "@/lib/db";
import { track } from "@/lib/balances/track";
import { createEntity } from "@/lib/entities/create-entity";
import { createTestCustomer } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { aggregateEvents } from "./aggregate-events";
import type { UsageAggregate, UsagePeriod } from "./aggregate-usage";
import type { AggregateEventsInput } from "./schemas";
import { binStart, windowOf, type BinSize } from "./usage-window";

const ctx = systemCtx("sandbox", "test");
const at = (iso: string) => new Date(iso).getTime();

type RawEvent = { feature_id: string; customer_id: string; entity_id: string | null; value: number; at: Date; properties: Record<string, unknown> };

let messages: { id: string; pk: string };
let other: { id: string; pk: string };
let first: { pk: string; id: string };
let second: { pk: string; id: string };

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
  const customers = [await createTestCustomer(), await createTestCustomer()];
  for (const customer of customers) await enableTestPlan(customer.id, plan.id);
  first = { pk: customers[0]!.id, id: customers[0]!.externalId! };
  second = { pk: customers[1]!.id, id: customers[1]!.externalId! };
  await createEntity(ctx, { customer_id: first.id, entity_id: "seat_a", feature_id: seats.id });
  await createEntity(ctx, { customer_id: first.id, entity_id: "seat_b", feature_id: seats.id });

  const tracks: [customer: string, feature: string, when: string, value: number, properties: Record<string, unknown> | undefined, entity?: string][] = [
    // 10:00 hour: two events of one shape (keys in another order), a subset, none, a nested value, an entity's.
    [first.id, messages.id, "2026-01-05T10:05:00Z", 1, { model: "gpt", region: "eu" }],
    [first.id, messages.id, "2026-01-05T10:10:00Z", 2, { region: "eu", model: "gpt" }],
    [first.id, messages.id, "2026-01-05T10:20:00Z", 3, { model: "gpt" }],
    [first.id, messages.id, "2026-01-05T10:30:00Z", 4, undefined],
    [first.id, messages.id, "2026-01-05T10:40:00Z", 5, { model: "claude", meta: { tier: "pro" } }],
    [first.id, messages.id, "2026-01-05T10:50:00Z", 6, { model: "gpt", region: "eu" }, "seat_a"],
    [first.id, other.id, "2026-01-05T10:55:00Z", 100, { model: "gpt" }],
    // 11:00 hour: another entity, a number where others have strings.
    [first.id, messages.id, "2026-01-05T11:05:00Z", 7, { model: "claude", region: "us" }, "seat_b"],
    [first.id, messages.id, "2026-01-05T11:15:00Z", 8, { model: 5 }],
    // The next day.
    [first.id, messages.id, "2026-01-06T09:00:00Z", 9, { model: "gpt", region: "eu" }],
    [first.id, messages.id, "2026-01-06T09:30:00Z", 10, { model: "llama", meta: { tier: "free" } }, "seat_a"],
    [first.id, messages.id, "2026-01-06T09:45:00Z", -3, { model: "gpt", region: "eu" }],
    // Another customer of the environment.
    [second.id, messages.id, "2026-01-05T10:25:00Z", 20, { model: "gpt", region: "us" }],
    [second.id, messages.id, "2026-01-06T09:10:00Z", 40, { region: "us" }],
  ];
  for (const [customerId, featureId, when, value, properties, entityId] of tracks) {
    await track(ctx, { customer_id: customerId, feature_id: featureId, value, properties, timestamp: at(when), ...(entityId ? { entity_id: entityId } : {}) });
  }
});

async function rawEvents(): Promise<RawEvent[]> {
  const { rows } = await pool().query<RawEvent>(
    `select f.feature_id, c.external_id as customer_id, ent.external_id as entity_id, e.value, e.created_at as at, e.properties
       from usage_events e join features f on f.id = e.feature_pk join customers c on c.id = e.customer_id left join entities ent on ent.id = e.entity_id
      where e.feature_pk = any($1::text[])`,
    [[messages.pk, other.pk]],
  );
  return rows;
}

/** The group value as PostgreSQL's `#>>` reads it (strings as they are, numbers as text), "none" when missing. */
function propertyAt(properties: Record<string, unknown>, path: string[]): string {
  let value: unknown = properties;
  for (const key of path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
  return value === undefined || value === null ? "none" : typeof value === "string" ? value : JSON.stringify(value);
}

/** events.aggregate's answer computed from the raw events, one by one (max_groups never reached). */
function reference(events: RawEvent[], input: AggregateEventsInput & { custom_range: { start: number; end: number }; bin_size: BinSize }): UsageAggregate {
  const features = Array.isArray(input.feature_id) ? input.feature_id : [input.feature_id];
  const window = windowOf(new Date(input.custom_range.start), new Date(input.custom_range.end), input.bin_size);
  const groupOf = (event: RawEvent): string | null => {
    if (!input.group_by) return null;
    if (input.group_by === "$customer_id") return event.customer_id;
    if (input.group_by === "$entity_id") return event.entity_id ?? "none";
    return propertyAt(event.properties, input.group_by.split(".").slice(1));
  };
  const list: UsagePeriod[] = window.periods.map((period) => ({
    period: period.getTime(),
    values: Object.fromEntries(features.map((feature) => [feature, 0])),
    ...(input.group_by ? { grouped_values: {} } : {}),
  }));
  const total = Object.fromEntries(features.map((feature) => [feature, { count: 0, sum: 0 }]));
  for (const event of events) {
    const time = event.at.getTime();
    if (!features.includes(event.feature_id) || time < input.custom_range.start || time >= input.custom_range.end) continue;
    if (input.customer_id && event.customer_id !== input.customer_id) continue;
    if (input.entity_id && event.entity_id !== input.entity_id) continue;
    if (Object.entries(input.filter_by ?? {}).some(([key, value]) => propertyAt(event.properties, [key]) !== value)) continue;
    total[event.feature_id]!.count += 1;
    total[event.feature_id]!.sum += event.value;
    const entry = list.find((bin) => bin.period === binStart(event.at, input.bin_size).getTime())!;
    entry.values[event.feature_id]! += event.value;
    const group = groupOf(event);
    if (group !== null) {
      const groups = (entry.grouped_values![event.feature_id] ??= {});
      groups[group] = (groups[group] ?? 0) + event.value;
    }
  }
  return { list, total };
}

const twoDays = { start: at("2026-01-05T00:00:00Z"), end: at("2026-01-07T00:00:00Z") };

/** Ranges of whole hours: answered from the rollups alone. */
function wholeHourQueries(): (AggregateEventsInput & { custom_range: { start: number; end: number }; bin_size: BinSize })[] {
  const both = [messages.id, other.id];
  return [
    { customer_id: first.id, feature_id: both, custom_range: twoDays, bin_size: "day" },
    { customer_id: first.id, feature_id: both, custom_range: twoDays, bin_size: "day", group_by: "properties.model", max_groups: 100 },
    { customer_id: first.id, feature_id: messages.id, custom_range: twoDays, bin_size: "hour", group_by: "properties.region", max_groups: 100 },
    { customer_id: first.id, feature_id: messages.id, custom_range: twoDays, bin_size: "day", group_by: "properties.meta.tier", max_groups: 100 },
    { customer_id: first.id, feature_id: messages.id, custom_range: twoDays, bin_size: "week", group_by: "$entity_id", max_groups: 100 },
    { customer_id: first.id, feature_id: both, custom_range: twoDays, bin_size: "day", filter_by: { model: "gpt" } },
    { customer_id: first.id, feature_id: messages.id, custom_range: twoDays, bin_size: "day", filter_by: { model: "gpt", region: "eu" }, group_by: "properties.model", max_groups: 100 },
    { customer_id: first.id, feature_id: messages.id, custom_range: twoDays, bin_size: "day", filter_by: { model: "5" } },
    { customer_id: first.id, entity_id: "seat_a", feature_id: messages.id, custom_range: twoDays, bin_size: "hour", group_by: "properties.model", max_groups: 100 },
    { feature_id: messages.id, custom_range: twoDays, bin_size: "day", group_by: "$customer_id", max_groups: 100 },
    { feature_id: messages.id, custom_range: twoDays, bin_size: "day", group_by: "properties.region", filter_by: { model: "gpt" }, max_groups: 100 },
  ];
}

describe("events.aggregate grouped and filtered from the rollups", () => {
  it("answers exactly what the raw events sum to, for any property, entity or customer", async () => {
    const events = await rawEvents();
    expect(events).toHaveLength(14);
    for (const query of wholeHourQueries()) expect(await aggregateEvents(ctx, query), JSON.stringify(query)).toEqual(reference(events, query));

    // The figures themselves, for one of them: missing keys are "none", a number reads as text.
    const byModel = await aggregateEvents(ctx, { customer_id: first.id, feature_id: messages.id, custom_range: twoDays, bin_size: "day", group_by: "properties.model" });
    expect(byModel.list.map((bin) => bin.grouped_values![messages.id])).toEqual([
      { gpt: 12, none: 4, claude: 12, "5": 8 },
      { gpt: 6, llama: 10 },
    ]);
    const byEntity = await aggregateEvents(ctx, { customer_id: first.id, feature_id: messages.id, custom_range: twoDays, bin_size: "month", group_by: "$entity_id" });
    expect(byEntity.list[0]!.grouped_values![messages.id]).toEqual({ none: 29, seat_a: 16, seat_b: 7 });
  });

  it("answers the usage chart's request alike on every call (its statement text kept, only its values made)", async () => {
    const events = await rawEvents();
    const query = wholeHourQueries()[0]!;
    for (let call = 0; call < 3; call++) expect(await aggregateEvents(ctx, query)).toEqual(reference(events, query));
    await expect(aggregateEvents(ctx, { ...query, customer_id: "no_such_customer" })).rejects.toMatchObject({ code: "customer_not_found" });
  });

  it("reads hours cut by the range from the events, with the same grouping", async () => {
    const events = await rawEvents();
    const cut = { start: at("2026-01-05T10:15:00Z"), end: at("2026-01-06T09:20:00Z") };
    const queries: (AggregateEventsInput & { custom_range: { start: number; end: number }; bin_size: BinSize })[] = [
      { customer_id: first.id, feature_id: messages.id, custom_range: cut, bin_size: "hour", group_by: "properties.model", max_groups: 100 },
      { customer_id: first.id, feature_id: messages.id, custom_range: cut, bin_size: "day", group_by: "$entity_id", filter_by: { region: "eu" }, max_groups: 100 },
      { feature_id: messages.id, custom_range: cut, bin_size: "day", group_by: "$customer_id", max_groups: 100 },
      { customer_id: first.id, feature_id: messages.id, custom_range: { start: at("2026-01-05T10:12:00Z"), end: at("2026-01-05T10:45:00Z") }, bin_size: "hour", group_by: "properties.model", max_groups: 100 },
    ];
    for (const query of queries) expect(await aggregateEvents(ctx, query), JSON.stringify(query)).toEqual(reference(events, query));
  });

  it("keeps one rollup row per event shape and hour, as the migration's backfill computes it", async () => {
    const { rows } = await pool().query<{ hour: Date; entity_id: string | null; properties: Record<string, unknown>; value: number; count: number }>(
      `select hour, entity_id, properties, value, count from usage_property_rollups where customer_id = $1 and feature_pk = $2 and hour = $3 order by value, count desc`,
      [first.pk, messages.pk, new Date("2026-01-05T10:00:00Z")],
    );
    // Six events of the messages feature in that hour, five shapes: the two {model, region} without an entity are one row.
    expect(rows.map((row) => [row.properties, row.value, row.count])).toEqual([
      [{ model: "gpt", region: "eu" }, 3, 2],
      [{ model: "gpt" }, 3, 1],
      [{}, 4, 1],
      [{ model: "claude", meta: { tier: "pro" } }, 5, 1],
      [{ model: "gpt", region: "eu" }, 6, 1],
    ]);

    const sql = fs.readFileSync(path.join(process.cwd(), "prisma/migrations/20261203010000_rollup_properties/migration.sql"), "utf8");
    const backfill = sql.slice(sql.indexOf("SELECT", sql.indexOf(`INSERT INTO "usage_property_rollups"`))).trim().replace(/;$/, "");
    const columns = `customer_id, feature_pk, env, hour, group_key, entity_id, properties, value::float8, count::int`;
    const { rows: computed } = await pool().query(`select ${columns} from (${backfill}) b (customer_id, feature_pk, env, hour, group_key, entity_id, properties, value, count) where customer_id = any($1::text[]) order by 1, 2, 4, 5`, [[first.pk, second.pk]]);
    const { rows: kept } = await pool().query(`select ${columns} from usage_property_rollups where customer_id = any($1::text[]) order by 1, 2, 4, 5`, [[first.pk, second.pk]]);
    // 14 events, two pairs of one shape in one hour.
    expect(kept).toHaveLength(12);
    expect(computed).toEqual(kept);
  });

  it("answers whole hours from the rollups alone (the raw events deleted)", async () => {
    const events = await rawEvents();
    const expected = await Promise.all(wholeHourQueries().map((query) => aggregateEvents(ctx, query)));
    await pool().query(`delete from usage_events where feature_pk = any($1::text[])`, [[messages.pk, other.pk]]);
    const queries = wholeHourQueries();
    for (const [i, query] of queries.entries()) {
      const answer = await aggregateEvents(ctx, query);
      expect(answer, JSON.stringify(query)).toEqual(expected[i]);
      expect(answer).toEqual(reference(events, query));
    }
  });

  it("refuses $plan_id by name and accepts $entity_id", async () => {
    // Input errors are zod's, answered 400 invalid_inputs by the route.
    await expect(aggregateEvents(ctx, { customer_id: first.id, feature_id: messages.id, range: "7d", group_by: "$plan_id" })).rejects.toThrow(
      "$plan_id is not supported: which plan's balance each event drew from is not recorded",
    );
    const answer = await aggregateEvents(ctx, { customer_id: first.id, feature_id: messages.id, range: "7d", group_by: "$entity_id" });
    expect(answer.list).toHaveLength(7);
  });

  it("answers an unknown customer first, then an unknown feature (both looked up at once)", async () => {
    await expect(aggregateEvents(ctx, { customer_id: "nobody_here", feature_id: "no_such_feature", range: "7d" })).rejects.toMatchObject({ code: "customer_not_found" });
    await expect(aggregateEvents(ctx, { customer_id: first.id, feature_id: "no_such_feature", range: "7d" })).rejects.toMatchObject({ code: "feature_not_found" });
  });
});
