// Usage summed per feature and bin, optionally grouped by a property: what events.aggregate answers
// and what the customer page's usage chart draws. Whole hours come from the hourly rollups
// (usage_rollups, kept by the statement that records each event), so a customer with a million
// events costs a few hundred rows; grouping or filtering by properties reads the events.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { pool } from "@/lib/db";
import type { UsageWindow } from "./usage-window";

export type UsageFeature = { pk: string; featureId: string };

export type UsageQuery = {
  env: Env;
  /** Internal id; null: every customer of the environment. */
  customerPk: string | null;
  /** Internal entity ids: only the usage tracked for these (read from the events). */
  entityPks?: string[] | null;
  features: UsageFeature[];
  window: UsageWindow;
  groupBy?: { kind: "property"; path: string[] } | { kind: "customer" } | null;
  filterBy?: Record<string, string> | null;
  /** With groupBy: the largest groups over the window; the rest are summed as "Other". */
  maxGroups?: number;
};

export type UsagePeriod = { period: number; values: Record<string, number>; grouped_values?: Record<string, Record<string, number>> };
export type UsageAggregate = { list: UsagePeriod[]; total: Record<string, { count: number; sum: number }> };

/** The group of events whose property is missing. */
export const NO_GROUP_VALUE = "none";
export const OTHER_GROUP = "Other";
const HOUR = 3_600_000;

type Row = { period: number; feature_pk: string; grp: string | null; value: number; count: number };

export async function aggregateUsage(query: UsageQuery): Promise<UsageAggregate> {
  const fromEvents = Boolean(query.groupBy || (query.filterBy && Object.keys(query.filterBy).length > 0) || query.entityPks);
  const rows = query.features.length === 0 ? [] : fromEvents ? await readEvents(query) : await readRollups(query);
  return assemble(query, rows);
}

/** Whole hours from the rollups, the cut hours at either end of the window from the events. */
async function readRollups(query: UsageQuery): Promise<Row[]> {
  const { start, end, bin } = query.window;
  const fullStart = new Date(Math.ceil(start.getTime() / HOUR) * HOUR);
  const fullEnd = new Date(Math.floor(end.getTime() / HOUR) * HOUR);
  const whole = fullStart < fullEnd;
  // Event ranges [a, b) not covered by whole hours (empty when a = b).
  const edges = whole ? [start, fullStart, fullEnd, end] : [start, end, end, end];
  const scope = (alias: string) => (query.customerPk ? `${alias}.customer_id = $2` : `${alias}.env = $2::"Env"`);
  const { rows } = await pool().query<Row>(
    `select (extract(epoch from date_trunc($1, s.at, 'UTC')) * 1000)::float8 as period, s.feature_pk, null as grp,
            sum(s.value)::float8 as value, sum(s.n)::float8 as count
       from (
         select r.feature_pk, r.hour as at, r.value, r.count as n from usage_rollups r
          where ${scope("r")} and r.feature_pk = any($3::text[]) and r.hour >= $4 and r.hour < $5
         union all
         select e.feature_pk, e.created_at, e.value, 1 from usage_events e
          where ${scope("e")} and e.feature_pk = any($3::text[])
            and ((e.created_at >= $6 and e.created_at < $7) or (e.created_at >= $8 and e.created_at < $9))
       ) s
      group by 1, 2`,
    [bin, query.customerPk ?? query.env, query.features.map((f) => f.pk), fullStart, whole ? fullEnd : fullStart, ...edges],
  );
  return rows;
}

async function readEvents(query: UsageQuery): Promise<Row[]> {
  const { start, end, bin } = query.window;
  const values: unknown[] = [bin, query.customerPk ?? query.env, query.features.map((f) => f.pk), start, end];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = [query.customerPk ? "e.customer_id = $2" : `e.env = $2::"Env"`, "e.feature_pk = any($3::text[])", "e.created_at >= $4", "e.created_at < $5"];
  if (query.entityPks) where.push(`e.entity_id = any(${param(query.entityPks)}::text[])`);
  for (const [key, value] of Object.entries(query.filterBy ?? {})) where.push(`e.properties ->> ${param(key)} = ${param(value)}`);
  const group = !query.groupBy
    ? "null::text"
    : query.groupBy.kind === "customer"
      ? "coalesce(c.external_id, c.id)"
      : `coalesce(e.properties #>> ${param(query.groupBy.path)}::text[], '${NO_GROUP_VALUE}')`;
  const join = query.groupBy?.kind === "customer" ? "join customers c on c.id = e.customer_id" : "";
  const { rows } = await pool().query<Row>(
    `select (extract(epoch from date_trunc($1, e.created_at, 'UTC')) * 1000)::float8 as period, e.feature_pk, ${group} as grp,
            sum(e.value)::float8 as value, count(*)::float8 as count
       from usage_events e ${join}
      where ${where.join(" and ")}
      group by 1, 2, 3`,
    values,
  );
  return rows;
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
