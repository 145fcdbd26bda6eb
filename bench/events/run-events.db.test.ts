// The events benchmark at a small scale: its seed is what the product writes (events whose hourly
// rollups match them, as the track statement keeps them) and every scenario answers rows.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { seedCatalog } from "../lib/catalog";
import { runEventsPart } from "./run-events";

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const connected = client.connect();
afterAll(() => client.end());

describe("the events part", () => {
  it("seeds events with matching rollups and times every scenario", async () => {
    await connected;
    const catalog = await seedCatalog(client);
    const result = await runEventsPart({ client, catalog, runs: 2, log: () => undefined, events: 5_000 });
    expect(result.events).toBe(5_000);
    const { rows } = await client.query<{ events: number; rolled: number; shaped: number }>(
      `select (select sum(value) from usage_events where customer_id = 'cus_bench_events_heavy')::float8 as events,
              (select sum(value) from usage_rollups where customer_id = 'cus_bench_events_heavy')::float8 as rolled,
              (select sum(value) from usage_property_rollups where customer_id = 'cus_bench_events_heavy')::float8 as shaped`,
    );
    expect(rows[0]!.rolled).toBe(rows[0]!.events);
    expect(rows[0]!.shaped).toBe(rows[0]!.events);
    expect(result.scenarios.map((s) => s.id)).toContain("aggregate_30d_day");
    for (const scenario of result.scenarios) expect(scenario.rows, scenario.id).toBeGreaterThan(0);
  });
});
