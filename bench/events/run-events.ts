// The events part: one customer with 1,000,000 usage events over a year (seeded set-based with
// generate_series, their hourly rollups, plain and per event shape, computed as the track
// statement keeps them), then
// events.aggregate and events.list timed through their domain functions (in process, as the /v1
// routes call them): p50/p95 of at least 50 runs each after a warm-up. The target is 50 ms p95.
import pg from "pg";
import { systemCtx } from "../../lib/context";
import { aggregateEvents } from "../../lib/events/aggregate-events";
import { listEvents } from "../../lib/events/list-events";
import { rebuildUsageRollups } from "../../lib/events/rebuild-usage-rollups";
import type { Catalog } from "../lib/catalog";
import { ENV } from "../lib/catalog";
import type { Log } from "../lib/progress";
import { percentile, round } from "../lib/stats";

export type EventsScenarioResult = { id: string; label: string; p50: number; p95: number; max: number; runs: number; rows: number };
export type EventsPartResult = { events: number; seedSeconds: number; scenarios: EventsScenarioResult[] };

const EVENTS = 1_000_000;
const DAYS = 365;
export const EVENTS_TARGET_P95_MS = 50;

export async function runEventsPart(options: { client: pg.Client; catalog: Catalog; runs: number; log: Log; events?: number }): Promise<EventsPartResult> {
  const { client, catalog, log } = options;
  const events = options.events ?? EVENTS;
  const started = Date.now();
  const customerPk = "cus_bench_events_heavy";
  const externalId = "bench_events_heavy";
  await client.query(`insert into customers (id, env, external_id, name, created_by_kind, updated_at) values ($1, $2, $3, 'Heavy user', 'system', now()) on conflict do nothing`, [
    customerPk,
    ENV,
    externalId,
  ]);
  // One event every ~31.5 s over the last year, spread over two features (9 in 10 messages) and
  // five models, values 1 to 10; ids sort by time like newId's.
  log(`seeding ${events.toLocaleString("en")} events for one customer over ${DAYS} days (generate_series)`);
  await client.query(
    `insert into usage_events (id, env, customer_id, feature_pk, value, properties, created_at)
     select 'use_bench_' || lpad(i::text, 8, '0'), $1::"Env", $2,
            case when i % 10 = 0 then $4 else $3 end,
            (i % 10) + 1,
            jsonb_build_object('model', (array['gpt', 'claude', 'llama', 'mistral', 'gemini'])[(i % 5) + 1], 'region', case when i % 3 = 0 then 'eu' else 'us' end),
            now() - make_interval(secs => (${events} - i) * ${(DAYS * 86_400) / events})
       from generate_series(1, ${events}) as i`,
    [ENV, customerPk, catalog.features.messages, catalog.features.seats],
  );
  // Their hourly rollups, plain and per event shape, as the track statement keeps them (in hour
  // order, as tracking writes them: an hour's rows are made during that hour).
  await rebuildUsageRollups(client, { env: ENV, customerPks: [customerPk] });
  await client.query(`vacuum analyze usage_events`);
  await client.query(`vacuum analyze usage_rollups`);
  await client.query(`vacuum analyze usage_property_rollups`);
  const seedSeconds = (Date.now() - started) / 1000;
  log(`seeded in ${seedSeconds.toFixed(1)} s`);

  const ctx = systemCtx(ENV, "bench");
  const now = Date.now();
  const middle = await listEvents(ctx, { customer_id: externalId, limit: 1, custom_range: { end: now - 180 * 86_400_000 } });
  const deepCursor = (await listEvents(ctx, { customer_id: externalId, limit: 1, custom_range: { end: middle.list[0]!.timestamp + 1 } })).next_cursor!;
  const scenarios: { id: string; label: string; run: () => Promise<{ list: unknown[] }> }[] = [
    { id: "aggregate_30d_day", label: "events.aggregate 30d by day", run: () => aggregateEvents(ctx, { customer_id: externalId, feature_id: "messages", range: "30d", bin_size: "day" }) },
    { id: "aggregate_24h_hour", label: "events.aggregate 24h by hour", run: () => aggregateEvents(ctx, { customer_id: externalId, feature_id: "messages", range: "24h" }) },
    {
      id: "aggregate_year_month_two_features",
      label: "events.aggregate a year (cut hours) by month, 2 features",
      run: () => aggregateEvents(ctx, { customer_id: externalId, feature_id: ["messages", "seats"], custom_range: { start: now - 366 * 86_400_000 + 1234, end: now + 1 }, bin_size: "month" }),
    },
    { id: "aggregate_90d_week", label: "events.aggregate 90d by week", run: () => aggregateEvents(ctx, { customer_id: externalId, feature_id: "messages", range: "90d", bin_size: "week" }) },
    {
      id: "aggregate_7d_group",
      label: "events.aggregate 7d by day, grouped by properties.model",
      run: () => aggregateEvents(ctx, { customer_id: externalId, feature_id: "messages", range: "7d", bin_size: "day", group_by: "properties.model" }),
    },
    {
      id: "aggregate_30d_group",
      label: "events.aggregate 30d by day, grouped by properties.model",
      run: () => aggregateEvents(ctx, { customer_id: externalId, feature_id: "messages", range: "30d", bin_size: "day", group_by: "properties.model" }),
    },
    {
      id: "aggregate_30d_filter",
      label: "events.aggregate 30d by day, filtered by properties.region",
      run: () => aggregateEvents(ctx, { customer_id: externalId, feature_id: "messages", range: "30d", bin_size: "day", filter_by: { region: "eu" } }),
    },
    {
      id: "aggregate_env_30d_customer",
      label: "events.aggregate environment 30d, grouped by $customer_id",
      run: () => aggregateEvents(ctx, { feature_id: "messages", range: "30d", bin_size: "day", group_by: "$customer_id" }),
    },
    { id: "list_first", label: "events.list first page (100)", run: () => listEvents(ctx, { customer_id: externalId, limit: 100 }) },
    { id: "list_deep", label: "events.list a page half a year deep (cursor)", run: () => listEvents(ctx, { customer_id: externalId, limit: 100, start_cursor: deepCursor }) },
    { id: "list_env_first", label: "events.list environment first page (100)", run: () => listEvents(ctx, { limit: 100 }) },
    {
      id: "list_feature_range",
      label: "events.list one feature, a week's range (100)",
      run: () => listEvents(ctx, { customer_id: externalId, feature_id: "seats", limit: 100, custom_range: { start: now - 14 * 86_400_000, end: now - 7 * 86_400_000 } }),
    },
  ];

  const results: EventsScenarioResult[] = [];
  for (const scenario of scenarios) {
    let rows = 0;
    for (let i = 0; i < 5; i++) await scenario.run();
    const samples: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const t = process.hrtime.bigint();
      rows = (await scenario.run()).list.length;
      samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const result = { id: scenario.id, label: scenario.label, p50: round(percentile(samples, 50), 2), p95: round(percentile(samples, 95), 2), max: round(Math.max(...samples), 2), runs: options.runs, rows };
    results.push(result);
    log(`${scenario.label.padEnd(58)} p50 ${result.p50} p95 ${result.p95} ms (${rows} rows)${result.p95 > EVENTS_TARGET_P95_MS ? `  ABOVE the ${EVENTS_TARGET_P95_MS} ms target` : ""}`);
  }
  return { events, seedSeconds: round(seedSeconds, 1), scenarios: results };
}

export function eventsTable(result: EventsPartResult): string {
  const lines = [`Events: one customer with ${result.events.toLocaleString("en")} events (seeded in ${result.seedSeconds} s), domain functions in process, target p95 < ${EVENTS_TARGET_P95_MS} ms`];
  for (const s of result.scenarios) lines.push(`  ${s.label.padEnd(58)} p50 ${String(s.p50).padStart(7)} ms  p95 ${String(s.p95).padStart(7)} ms  (${s.runs} runs)`);
  return lines.join("\n");
}
