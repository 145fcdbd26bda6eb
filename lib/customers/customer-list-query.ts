// The one customer list query behind the API's list (cursor and offset forms) and the dashboard's
// search: newest first (created_at desc, id desc: the index customers_env_created_at_id_idx; the
// dashboard may ask for oldest first, the same index read backwards),
// substring search through the trigram-indexed `search_text` column, and a plan filter.
import "server-only";
import { Prisma, type Customer, type Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { invalidInputs } from "@/lib/errors";
import { CUSTOMER_COLUMNS } from "./customer-row";

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

export function customerFilterSql(env: Env, filters: CustomerFilters): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`c.env = ${env}::"Env"`];
  // The unit separator joins the three fields in search_text: a term must not span two of them.
  const term = filters.search?.replace(/\u001f/g, "").trim();
  if (term) conditions.push(Prisma.sql`c.search_text like '%' || lower(${escapeLikeTerm(term)}) || '%'`);
  if (filters.pendingOnly) conditions.push(Prisma.sql`c.external_id is null`);
  if (filters.plans && filters.plans.length > 0) {
    const planMatches = filters.plans.map((plan) =>
      plan.versions && plan.versions.length > 0
        ? Prisma.sql`(p.plan_id = ${plan.id} and pv.version = any(${plan.versions}::int[]))`
        : Prisma.sql`p.plan_id = ${plan.id}`,
    );
    conditions.push(Prisma.sql`exists (
      select 1 from customer_plans cp
        join plans p on p.id = cp.plan_pk
        join plan_versions pv on pv.id = cp.plan_version_id
       where cp.customer_id = c.id and cp.status in ('active', 'scheduled') and p.env = c.env
         and (${Prisma.join(planMatches, " or ")}))`);
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

export async function selectCustomerPage(
  client: Db | Tx,
  env: Env,
  filters: CustomerFilters,
  page: { cursor?: string; limit: number; cursorField?: string; order?: "desc" | "asc" },
): Promise<{ rows: Customer[]; nextCursor: string | null }> {
  const ascending = page.order === "asc";
  const where = [customerFilterSql(env, filters)];
  if (page.cursor) {
    const after = decodeCursor(page.cursor, page.cursorField);
    const position = Prisma.sql`(${after.createdAt.toISOString()}::timestamptz, ${after.id})`;
    where.push(ascending ? Prisma.sql`(c.created_at, c.id) > ${position}` : Prisma.sql`(c.created_at, c.id) < ${position}`);
  }
  const order = ascending ? Prisma.sql`c.created_at asc, c.id asc` : Prisma.sql`c.created_at desc, c.id desc`;
  const rows = await client.$queryRaw<Customer[]>`
    select ${CUSTOMER_COLUMNS} from customers c
     where ${Prisma.join(where, " and ")}
     order by ${order}
     limit ${page.limit + 1}`;
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
  const where = customerFilterSql(env, filters);
  const [rows, counted] = await Promise.all([
    client.$queryRaw<Customer[]>`
      select ${CUSTOMER_COLUMNS} from customers c where ${where}
       order by c.created_at desc, c.id desc limit ${page.limit} offset ${page.offset}`,
    client.$queryRaw<{ total: number }[]>`select count(*)::int as total from customers c where ${where}`,
  ]);
  return { rows, total: counted[0]?.total ?? 0 };
}
