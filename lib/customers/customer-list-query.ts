// The one customer list query behind the API's list (cursor and offset forms) and the dashboard's
// search: newest first (created_at desc, id desc: the index customers_env_created_at_id_idx; the
// dashboard may ask for oldest first, the same index read backwards),
// substring search through the trigram-indexed `search_text` column, and a plan filter.
import "server-only";
import { Prisma, type Customer, type Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { invalidInputs } from "@/lib/errors";
import { CUSTOMER_COLUMNS } from "./customer-queries";

export type CustomerFilters = {
  search?: string;
  /** Customers with an active or scheduled plan among these (optionally of these versions). */
  plans?: { id: string; versions?: number[] }[];
  /** Only customers without an id yet. */
  pendingOnly?: boolean;
};

/** A LIKE pattern that matches `term` literally: `%`, `_` and `\` lose their special meaning. */
export function escapeLikeTerm(term: string): string {
  return term.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * A plan filter resolved to ids: the plans it names, and which of them count with any version
 * (the others only with the listed versions).
 */
export type ResolvedPlanFilter = { planPks: string[]; wholePlanPks: string[]; versionIds: string[] };

/** The plans a plan filter names in this environment (undefined: no plan filter). */
export async function resolvePlanFilter(client: Db | Tx, env: Env, filters: CustomerFilters): Promise<ResolvedPlanFilter | undefined> {
  if (!filters.plans || filters.plans.length === 0) return undefined;
  const rows = await client.$queryRaw<{ pk: string; plan_id: string; version_id: string; version: number }[]>`
    select p.id as pk, p.plan_id, pv.id as version_id, pv.version from plans p join plan_versions pv on pv.plan_pk = p.id
     where p.env = ${env}::"Env" and p.plan_id = any(${filters.plans.map((plan) => plan.id)}::text[])`;
  const resolved: ResolvedPlanFilter = { planPks: [], wholePlanPks: [], versionIds: [] };
  for (const plan of filters.plans) {
    const versions = rows.filter((row) => row.plan_id === plan.id);
    if (versions.length === 0) continue;
    resolved.planPks.push(versions[0]!.pk);
    if (!plan.versions || plan.versions.length === 0) resolved.wholePlanPks.push(versions[0]!.pk);
    else resolved.versionIds.push(...versions.filter((row) => plan.versions!.includes(row.version)).map((row) => row.version_id));
  }
  return resolved;
}

/** The customer plans (alias cp) a resolved plan filter admits. */
function planMatchSql(plans: ResolvedPlanFilter): Prisma.Sql {
  return Prisma.sql`cp.status in ('active', 'scheduled') and cp.plan_pk = any(${plans.planPks}::text[])
    and (cp.plan_pk = any(${plans.wholePlanPks}::text[]) or cp.plan_version_id = any(${plans.versionIds}::text[]))`;
}

/**
 * The WHERE clause of a list. A plan filter must first be resolved (resolvePlanFilter): the
 * statement then names the plans by their ids, as values, which PostgreSQL plans with its
 * statistics of customer_plans (how many customers each plan has). Named through a join on
 * `plans` instead, the plan's share was a guess (small catalog tables are rarely analyzed), and at
 * a million customers a wrong guess cost seconds.
 */
export function customerFilterSql(env: Env, filters: CustomerFilters, plans?: ResolvedPlanFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`c.env = ${env}::"Env"`];
  // The unit separator joins the three fields in search_text: a term must not span two of them.
  const term = filters.search?.replace(/\u001f/g, "").trim();
  if (term) conditions.push(Prisma.sql`c.search_text like '%' || lower(${escapeLikeTerm(term)}) || '%'`);
  if (filters.pendingOnly) conditions.push(Prisma.sql`c.external_id is null`);
  if (filters.plans && filters.plans.length > 0) {
    if (!plans) throw new Error("customerFilterSql: resolve the plan filter first (resolvePlanFilter)");
    conditions.push(Prisma.sql`exists (select 1 from customer_plans cp where cp.customer_id = c.id and ${planMatchSql(plans)})`);
  }
  return Prisma.join(conditions, " and ");
}

// Cursors are opaque to callers: the (created_at, id) of the last row of the page, so a page
// continues exactly after it however many customers were created in the meantime.
type CursorPosition = { createdAt: Date; id: string };

export function encodeCursor(row: Pick<Customer, "createdAt" | "id">): string {
  return Buffer.from(JSON.stringify([row.createdAt.getTime(), row.id])).toString("base64url");
}

export function decodeCursor(cursor: string, field = "start_cursor"): CursorPosition {
  try {
    const [ms, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof ms === "number" && Number.isFinite(ms) && typeof id === "string" && id.length > 0) return { createdAt: new Date(ms), id };
  } catch {
    // fall through
  }
  throw invalidInputs(field, "not a cursor returned by this API (pass next_cursor from the previous page, or an empty string)");
}

// A plan filter alone (no search term) is where PostgreSQL's plan can go badly wrong at scale: it
// reads the newest customers and keeps those with the plan, which is quick when the plan is common
// among recent customers and slow when its customers are mostly older ones (the planner knows how
// many customers a plan has, not when they were created). So, in order:
//   1. look among the next PLAN_FILTER_SCAN_BUDGET customers (a few milliseconds at most);
//   2. if they do not fill the page and the plan has fewer than PLAN_DRIVEN_MAX customers, start
//      from the plan's customers (customer_plans index; their number bounds the work);
//   3. otherwise let PostgreSQL read the newest customers: a plan that common fills pages quickly.
const PLAN_FILTER_SCAN_BUDGET = 2_000;
const PLAN_DRIVEN_MAX = 20_000;

export async function selectCustomerPage(
  client: Db | Tx,
  env: Env,
  filters: CustomerFilters,
  page: { cursor?: string; limit: number; cursorField?: string; order?: "desc" | "asc" },
): Promise<{ rows: Customer[]; nextCursor: string | null }> {
  const ascending = page.order === "asc";
  const plans = await resolvePlanFilter(client, env, filters);
  const after: Prisma.Sql[] = [];
  if (page.cursor) {
    const position = decodeCursor(page.cursor, page.cursorField);
    const value = Prisma.sql`(${position.createdAt.toISOString()}::timestamptz, ${position.id})`;
    after.push(ascending ? Prisma.sql`(c.created_at, c.id) > ${value}` : Prisma.sql`(c.created_at, c.id) < ${value}`);
  }
  const order = ascending ? Prisma.sql`c.created_at asc, c.id asc` : Prisma.sql`c.created_at desc, c.id desc`;
  const select = (from: Prisma.Sql, where: Prisma.Sql[]) => client.$queryRaw<Customer[]>`
    select ${CUSTOMER_COLUMNS} from ${from}
     where ${Prisma.join([...where, ...after], " and ")}
     order by ${order}
     limit ${page.limit + 1}`;

  const everything = () => select(Prisma.sql`customers c`, [customerFilterSql(env, filters, plans)]);
  let rows: Customer[];
  if (plans && !filters.search?.trim()) {
    const recent = Prisma.sql`(select * from customers c where ${Prisma.join([Prisma.sql`c.env = ${env}::"Env"`, ...after], " and ")} order by ${order} limit ${PLAN_FILTER_SCAN_BUDGET}) c`;
    rows = await select(recent, [customerFilterSql(env, filters, plans)]);
    if (rows.length <= page.limit) {
      const planCustomers = Prisma.sql`select cp.customer_id from customer_plans cp where cp.env = ${env}::"Env" and ${planMatchSql(plans)}`;
      const [{ n }] = await client.$queryRaw<[{ n: number }]>`select count(*)::int as n from (${planCustomers} limit ${PLAN_DRIVEN_MAX}) x`;
      rows =
        n < PLAN_DRIVEN_MAX
          ? await select(Prisma.sql`customers c`, [customerFilterSql(env, { ...filters, plans: undefined }), Prisma.sql`c.id = any(array(${planCustomers}))`])
          : await everything();
    }
  } else {
    rows = await everything();
  }
  const hasMore = rows.length > page.limit;
  const pageRows = hasMore ? rows.slice(0, page.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { rows: pageRows, nextCursor: hasMore && last ? encodeCursor(last) : null };
}

export async function selectCustomerOffsetPage(
  client: Db | Tx,
  env: Env,
  filters: CustomerFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: Customer[]; total: number }> {
  const where = customerFilterSql(env, filters, await resolvePlanFilter(client, env, filters));
  const [rows, counted] = await Promise.all([
    client.$queryRaw<Customer[]>`
      select ${CUSTOMER_COLUMNS} from customers c where ${where}
       order by c.created_at desc, c.id desc limit ${page.limit} offset ${page.offset}`,
    client.$queryRaw<{ total: number }[]>`select count(*)::int as total from customers c where ${where}`,
  ]);
  return { rows, total: counted[0]?.total ?? 0 };
}
