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
import { customerPkByRefSql } from "@/lib/customers/customer-ref-sql";
import { featuresInOrder, type FeatureRow, type UsageFeature } from "./event-filters";

export type { UsageFeature };
import type { UsageWindow } from "./usage-window";

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

/** A bin, feature and group's sum; `bin` indexes the window's periods. */
type Row = { bin: number; feature_pk: string; grp: string | null; value: number; count: number };

export async function aggregateUsage(query: UsageQuery): Promise<UsageAggregate> {
  if (query.features.length === 0) return assemble(query, []);
  const { rows } = await runUsageStatement(query, { customerPk: query.customerPk, featurePks: query.features.map((f) => f.pk) });
  return assemble(query, rows);
}

/** A usage query whose customer and features are named by the API's ids, not yet looked up. */
export type UsageQueryByRef = Omit<UsageQuery, "customerPk" | "features" | "entityPks"> & {
  /** The customer's reference (customer-ref-sql.ts's precedence); null: every customer of the environment. */
  customerRef: string | null;
  featureIds: string[];
};

/**
 * aggregateUsage for ids not yet looked up, in one statement: the customer's internal id (null when
 * no customer has that reference), the features found, and the usage. The caller decides what an
 * unknown customer or feature answers (`features` throws feature_not_found) before `aggregate`.
 */
export async function aggregateUsageByRef(
  query: UsageQueryByRef,
): Promise<{ customerPk: string | null; features: () => UsageFeature[]; aggregate: (features: UsageFeature[]) => UsageAggregate }> {
  const result = await runUsageStatement({ ...query, customerPk: null, features: [] }, { customerRef: query.customerRef, featureIds: query.featureIds });
  return {
    customerPk: result.customerPk,
    features: () => featuresInOrder(query.featureIds, result.features),
    aggregate: (features) => assemble({ ...query, customerPk: result.customerPk, features }, result.rows),
  };
}

/** Whose usage a statement reads: looked up already (internal ids), or by the API's ids in the statement itself. */
type UsageScope = { customerPk: string | null; featurePks: string[] } | { customerRef: string | null; featureIds: string[] };

/**
 * Whole hours from a rollup, the cut hours at either end of the window from the events (each part
 * only when the window has such hours), summed per bin, feature and group as one JSON array: one
 * row to parse, not one per bin.
 */
async function runUsageStatement(query: UsageQuery, scope: UsageScope): Promise<{ customerPk: string | null; features: FeatureRow[]; rows: Row[] }> {
  const { start, end } = query.window;
  const fullStart = new Date(Math.ceil(start.getTime() / HOUR) * HOUR);
  const fullEnd = new Date(Math.floor(end.getTime() / HOUR) * HOUR);
  const whole = fullStart < fullEnd;
  // Event ranges [a, b) not covered by whole hours (empty when a = b).
  const edges = whole ? [start, fullStart, fullEnd, end] : [start, end, end, end];
  const cut = edges[0]!.getTime() < edges[1]!.getTime() || edges[2]!.getTime() < edges[3]!.getTime();
  // The usage charts' request (a customer by reference, whole hours, nothing grouped or filtered):
  // its text, built and checked once, with only the values made per request (see chartStatement).
  const chart =
    "customerRef" in scope && scope.customerRef !== null && whole && !cut && !query.groupBy && !query.entityPks && Object.keys(query.filterBy ?? {}).length === 0
      ? chartStatement(query, scope.customerRef, scope.featureIds, fullStart, fullEnd)
      : undefined;
  const statement = chart ?? buildUsageStatement(query, scope, fullStart, fullEnd, whole, edges, cut);
  return runBuilt(statement);
}

type BuiltStatement = { name: string | undefined; text: string; values: unknown[] };

/**
 * The chart shape's statement. Its text does not change from one request to the next, so building
 * it (a few KB of SQL, then hashed for its prepared name and compared by pg with the connection's
 * prepared text) on every events.aggregate was waste: the text and name are kept, and only the
 * values are made, in the order the general builder numbers them. The first request checks that
 * order against the general builder's; were they ever to differ, this shape is built in full.
 */
let chartText: { name: string | undefined; text: string } | null | undefined;

function chartStatement(query: UsageQuery, customerRef: string, featureIds: string[], fullStart: Date, fullEnd: Date): BuiltStatement | undefined {
  if (chartText === null) return undefined;
  const values: unknown[] = [binStartsLiteral(query.window), featureIds, fullStart.toISOString(), fullEnd.toISOString(), query.env, customerRef];
  if (chartText === undefined) {
    const built = buildUsageStatement(query, { customerRef, featureIds }, fullStart, fullEnd, true, [query.window.start, fullStart, fullEnd, query.window.end], false);
    const same = built.values.length === values.length && built.values.every((value, i) => value === values[i]);
    chartText = same ? { name: built.name, text: built.text } : null;
    return built;
  }
  return { name: chartText.name, text: chartText.text, values };
}

function buildUsageStatement(query: UsageQuery, scope: UsageScope, fullStart: Date, fullEnd: Date, whole: boolean, edges: Date[], cut: boolean): BuiltStatement {
  // A row's bin is found by width_bucket over the bins' starts (a binary search of timestamps),
  // not by date_trunc in a time zone and epoch arithmetic per row: several times cheaper for the
  // thousands of rollup rows of a month grouped by a property.
  // Times go as ISO strings: pg's own Date formatting (local time, by hand) cost more CPU than the
  // rest of the statement's parameters for a month of daily bins.
  const iso = (date: Date) => date.toISOString();
  const byRef = "customerRef" in scope;
  const values: unknown[] = [binStartsLiteral(query.window), byRef ? scope.featureIds : scope.featurePks];
  const param = (value: unknown) => `$${values.push(value)}`;
  // Numbered when first used: a parameter the text never uses would have no type.
  let envParam: string | undefined;
  const env = () => (envParam ??= param(query.env));
  // By reference, the customer and the features are columns of the statement's one outer row (q).
  const customer = byRef ? (scope.customerRef === null ? null : "q.customer_pk") : scope.customerPk === null ? null : param(scope.customerPk);
  const features = byRef ? "q.feature_pks" : "$2::text[]";
  const where = (alias: string) => `${customer === null ? `${alias}.env = ${env()}::"Env"` : `${alias}.customer_id = ${customer}`} and ${alias}.feature_pk = any(${features})`;

  const filters = Object.entries(query.filterBy ?? {});
  const byShape = Boolean(query.groupBy || filters.length > 0 || query.entityPks);
  // What a row's group and filters read: the same columns in the rollup and the events.
  const shape = (alias: string) => {
    const conditions: string[] = [];
    if (query.entityPks) conditions.push(`${alias}.entity_id = any(${param(query.entityPks)}::text[])`);
    for (const [key, value] of filters) conditions.push(`${alias}.properties ->> ${param(key)} = ${param(value)}`);
    return conditions.map((condition) => ` and ${condition}`).join("");
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

  const parts: string[] = [];
  if (whole || !cut) {
    parts.push(`select r.feature_pk, r.hour as at, r.value, r.count as n${columns("r")} from ${rollup} r
          where ${where("r")} and r.hour >= ${param(iso(fullStart))} and r.hour < ${param(iso(fullEnd))}${shape("r")}`);
  }
  if (cut) {
    const [a, b, c, d] = edges.map((edge) => param(iso(edge)));
    parts.push(`select e.feature_pk, e.created_at as at, e.value, 1 as n${columns("e")} from usage_events e
          where ${where("e")} and ((e.created_at >= ${a} and e.created_at < ${b}) or (e.created_at >= ${c} and e.created_at < ${d}))${shape("e")}`);
  }
  const usage = `(select json_agg(json_build_array(a.bucket, a.feature_pk, a.grp, a.value, a.count))
         from (select width_bucket(s.at, $1::timestamptz[]) as bucket, s.feature_pk, ${group} as grp, sum(s.value)::float8 as value, sum(s.n)::float8 as count
                 from (${parts.join("\n         union all\n         ")}) s ${join}
                group by 1, 2, 3) a)`;
  const text = byRef
    ? `with f as materialized (select f.id, f.feature_id from features f where f.env = ${env()}::"Env" and f.feature_id = any($2::text[])),
            q as materialized (select ${scope.customerRef === null ? "null::text" : customerPkByRefSql(env(), param(scope.customerRef))} as customer_pk,
                                      array(select f.id from f) as feature_pks)
       select q.customer_pk, (select json_agg(json_build_object('pk', f.id, 'feature_id', f.feature_id)) from f) as features, ${usage} as rows
         from q`
    : `select null::text as customer_pk, null::json as features, ${usage} as rows`;
  // Prepared (named after its text): the few shapes this builds are parsed once per connection.
  return { name: preparedName(text), text, values };
}

async function runBuilt({ name, text, values }: BuiltStatement): Promise<{ customerPk: string | null; features: FeatureRow[]; rows: Row[] }> {
  const { rows } = await pool().query<{ customer_pk: string | null; features: FeatureRow[] | null; rows: [number, string, string | null, number, number][] | null }>({
    name,
    text,
    values,
  });
  const row = rows[0]!;
  // Every row is in [start, end), so at or after the first bin's start: width_bucket's 1 is bin 0.
  return {
    customerPk: row.customer_pk,
    features: row.features ?? [],
    rows: (row.rows ?? []).map(([bucket, feature_pk, grp, value, count]) => ({ bin: bucket - 1, feature_pk, grp, value, count })),
  };
}

// The bins' starts as the text of a timestamptz[] parameter, kept for the few windows in use: a
// month of days is the same 30 instants all day long, and formatting them (toISOString, then pg's
// array quoting) was the request's largest JS cost of its own (CPU profile of the API bench).
const binStartsCache = new Map<string, string>();
const BIN_STARTS_CACHE_MAX = 64;

function binStartsLiteral(window: UsageWindow): string {
  const periods = window.periods;
  const key = `${window.bin}:${periods[0]?.getTime()}:${periods.length}`;
  let literal = binStartsCache.get(key);
  if (literal === undefined) {
    literal = `{${periods.map((period) => `"${period.toISOString()}"`).join(",")}}`;
    if (binStartsCache.size >= BIN_STARTS_CACHE_MAX) binStartsCache.clear();
    binStartsCache.set(key, literal);
  }
  return literal;
}

// Plain loops over the window's bins and the features, a row's bin found by its index: this runs on
// every events.aggregate, and a month of days built through Object.fromEntries per bin, a Map by
// period and its spread cost about ten times as much (~8 µs a call; issue 16).
function assemble(query: UsageQuery, rows: Row[]): UsageAggregate {
  const features = query.features;
  const featureOf = new Map<string, string>();
  const total: Record<string, { count: number; sum: number }> = {};
  for (const f of features) {
    featureOf.set(f.pk, f.featureId);
    total[f.featureId] = { count: 0, sum: 0 };
  }
  const periods = query.window.periods;
  const list: UsagePeriod[] = [];
  for (const date of periods) {
    const values: Record<string, number> = {};
    for (const f of features) values[f.featureId] = 0;
    const period = date.getTime();
    list.push(query.groupBy ? { period, values, grouped_values: {} } : { period, values });
  }
  const kept = query.groupBy ? largestGroups(rows, featureOf, query.maxGroups ?? 9) : null;
  for (const row of rows) {
    const featureId = featureOf.get(row.feature_pk)!;
    const entry = list[row.bin];
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
  return { list, total };
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
