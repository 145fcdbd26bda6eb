// Usage summed per feature and bin, optionally grouped by a property, an entity or the customer:
// what events.aggregate answers and what the customer page's usage chart draws. Whole hours come
// from the hourly rollups kept by the statement that records each event (lib/balances/
// usage-statement.ts): usage_rollups (one row per customer, feature and hour) when nothing is
// grouped or filtered, usage_property_rollups (one row per event shape in that hour: entity and
// properties object) when something is. A shape row's events all have its entity and properties,
// so grouping or filtering it by any property is exact. Hours cut by a custom range's ends are read
// from the events themselves, with the same grouping and filters.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { pool } from "@/lib/db";
import { preparedName } from "@/lib/db-rows";
import type { UsageWindow } from "./usage-window";

export type UsageFeature = { pk: string; featureId: string };

export type UsageGroupBy = { kind: "property"; path: string[] } | { kind: "customer" } | { kind: "entity" };

export type UsageQuery = {
  env: Env;
  /** Internal id; null: every customer of the environment. */
  customerPk: string | null;
  /** Internal entity ids: only the usage tracked for these. */
  entityPks?: string[] | null;
  features: UsageFeature[];
  window: UsageWindow;
  groupBy?: UsageGroupBy | null;
  filterBy?: Record<string, string> | null;
  /** With groupBy: the largest groups over the window; the rest are summed as "Other". */
  maxGroups?: number;
};

export type UsagePeriod = { period: number; values: Record<string, number>; grouped_values?: Record<string, Record<string, number>> };
export type UsageAggregate = { list: UsagePeriod[]; total: Record<string, { count: number; sum: number }> };

/** The group of events whose property (or entity) is missing. */
export const NO_GROUP_VALUE = "none";
export const OTHER_GROUP = "Other";
const HOUR = 3_600_000;

type Row = { period: number; feature_pk: string; grp: string | null; value: number; count: number };
type BucketRow = Omit<Row, "period"> & { bucket: number };

export async function aggregateUsage(query: UsageQuery): Promise<UsageAggregate> {
  const rows = query.features.length === 0 ? [] : await readUsage(query);
  return assemble(query, rows);
}

/** Whole hours from a rollup, the cut hours at either end of the window from the events. */
async function readUsage(query: UsageQuery): Promise<Row[]> {
  const { start, end } = query.window;
  const fullStart = new Date(Math.ceil(start.getTime() / HOUR) * HOUR);
  const fullEnd = new Date(Math.floor(end.getTime() / HOUR) * HOUR);
  const whole = fullStart < fullEnd;
  // Event ranges [a, b) not covered by whole hours (empty when a = b).
  const edges = whole ? [start, fullStart, fullEnd, end] : [start, end, end, end];
  // A row's bin is found by width_bucket over the bins' starts (a binary search of timestamps),
  // not by date_trunc in a time zone and epoch arithmetic per row: several times cheaper for the
  // thousands of rollup rows of a month grouped by a property.
  // Times go as ISO strings: pg's own Date formatting (local time, by hand) cost more CPU than the
  // rest of the statement's parameters for a month of daily bins.
  const iso = (date: Date) => date.toISOString();
  const values: unknown[] = [
    query.window.periods.map(iso),
    query.customerPk ?? query.env,
    query.features.map((f) => f.pk),
    iso(fullStart),
    iso(whole ? fullEnd : fullStart),
    ...edges.map(iso),
  ];
  const param = (value: unknown) => `$${values.push(value)}`;
  const scope = (alias: string) => (query.customerPk ? `${alias}.customer_id = $2` : `${alias}.env = $2::"Env"`);

  const filters = Object.entries(query.filterBy ?? {});
  const byShape = Boolean(query.groupBy || filters.length > 0 || query.entityPks);
  // What a row's group and filters read: the same columns in the rollup and the events.
  const shape = (alias: string) => {
    const where: string[] = [];
    if (query.entityPks) where.push(`${alias}.entity_id = any(${param(query.entityPks)}::text[])`);
    for (const [key, value] of filters) where.push(`${alias}.properties ->> ${param(key)} = ${param(value)}`);
    return where.map((condition) => ` and ${condition}`).join("");
  };
  const columns = (alias: string) => (query.groupBy ? `, ${alias}.customer_id, ${alias}.entity_id, ${alias}.properties` : "");
  const rollup = byShape ? "usage_property_rollups" : "usage_rollups";
  const group = !query.groupBy
    ? "null::text"
    : query.groupBy.kind === "customer"
      ? "coalesce(c.external_id, c.id)"
      : query.groupBy.kind === "entity"
        ? `coalesce(ent.external_id, '${NO_GROUP_VALUE}')`
        : `coalesce(s.properties #>> ${param(query.groupBy.path)}::text[], '${NO_GROUP_VALUE}')`;
  const join =
    query.groupBy?.kind === "customer" ? "join customers c on c.id = s.customer_id" : query.groupBy?.kind === "entity" ? "left join entities ent on ent.id = s.entity_id" : "";

  const text = `select width_bucket(s.at, $1::timestamptz[]) as bucket, s.feature_pk, ${group} as grp,
            sum(s.value)::float8 as value, sum(s.n)::float8 as count
       from (
         select r.feature_pk, r.hour as at, r.value, r.count as n${columns("r")} from ${rollup} r
          where ${scope("r")} and r.feature_pk = any($3::text[]) and r.hour >= $4 and r.hour < $5${shape("r")}
         union all
         select e.feature_pk, e.created_at, e.value, 1${columns("e")} from usage_events e
          where ${scope("e")} and e.feature_pk = any($3::text[])
            and ((e.created_at >= $6 and e.created_at < $7) or (e.created_at >= $8 and e.created_at < $9))${shape("e")}
       ) s ${join}
      group by 1, 2, 3`;
  // Prepared (named after its text): the few shapes this builds are parsed once per connection.
  const { rows } = await pool().query<BucketRow>({ name: preparedName(text), text, values });
  // Every row is in [start, end), so at or after the first bin's start.
  return rows.map(({ bucket, ...row }) => ({ ...row, period: query.window.periods[bucket - 1]!.getTime() }));
}

function assemble(query: UsageQuery, rows: Row[]): UsageAggregate {
  const featureOf = new Map(query.features.map((f) => [f.pk, f.featureId]));
  const zeroes = () => Object.fromEntries(query.features.map((f) => [f.featureId, 0]));
  const total = Object.fromEntries(query.features.map((f) => [f.featureId, { count: 0, sum: 0 }]));
  const byPeriod = new Map<number, UsagePeriod>(
    query.window.periods.map((p) => [p.getTime(), { period: p.getTime(), values: zeroes(), ...(query.groupBy ? { grouped_values: {} } : {}) }]),
  );
  const kept = query.groupBy ? largestGroups(rows, featureOf, query.maxGroups ?? 9) : null;
  for (const row of rows) {
    const featureId = featureOf.get(row.feature_pk)!;
    const entry = byPeriod.get(row.period);
    total[featureId]!.count += row.count;
    total[featureId]!.sum += row.value;
    if (!entry) continue;
    entry.values[featureId] = (entry.values[featureId] ?? 0) + row.value;
    if (kept && entry.grouped_values) {
      const group = kept.get(featureId)!.has(row.grp ?? NO_GROUP_VALUE) ? (row.grp ?? NO_GROUP_VALUE) : OTHER_GROUP;
      const groups = (entry.grouped_values[featureId] ??= {});
      groups[group] = (groups[group] ?? 0) + row.value;
    }
  }
  return { list: [...byPeriod.values()], total };
}

/** Per feature, the `max` groups with the most usage over the window. */
function largestGroups(rows: Row[], featureOf: Map<string, string>, max: number): Map<string, Set<string>> {
  const sums = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const featureId = featureOf.get(row.feature_pk)!;
    const groups = sums.get(featureId) ?? new Map<string, number>();
    const group = row.grp ?? NO_GROUP_VALUE;
    groups.set(group, (groups.get(group) ?? 0) + row.value);
    sums.set(featureId, groups);
  }
  const kept = new Map<string, Set<string>>([...featureOf.values()].map((featureId) => [featureId, new Set<string>()]));
  for (const [featureId, groups] of sums) {
    const top = [...groups].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max);
    kept.set(featureId, new Set(top.map(([group]) => group)));
  }
  return kept;
}
