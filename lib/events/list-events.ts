// events.list: usage events newest first, filtered by customer, entity, features and time, paged
// by an opaque cursor (the last row's time and id: a page costs the same at any depth).
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, pool } from "@/lib/db";
import { customerNotFound, invalidInputs } from "@/lib/errors";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { resolveEntityPks, resolveFeatures } from "./event-filters";
import { listEventsSchema, type ListEventsInput } from "./schemas";

/** An event as autumn-js reads it. `deductions` is null: which grant each event drew from is not recorded. */
export type ApiEvent = {
  id: string;
  timestamp: number;
  feature_id: string;
  customer_id: string;
  value: number;
  properties: Record<string, unknown>;
  deductions: null;
};

export type ListEventsResult = { list: ApiEvent[]; next_cursor: string | null };

export async function listEvents(ctx: Ctx, input: ListEventsInput): Promise<ListEventsResult> {
  authorize(ctx, "customers:read");
  const data = listEventsSchema.parse(input);
  const after = data.start_cursor ? decodeCursor(data.start_cursor) : null;
  const customer = data.customer_id ? await findCustomerByRef(db(), ctx.env, data.customer_id) : null;
  if (data.customer_id && !customer) throw customerNotFound(data.customer_id);
  const features = data.feature_id ? await resolveFeatures(ctx, data.feature_id) : null;
  const entityPks = data.entity_id ? await resolveEntityPks(customer!.id, data.entity_id) : null;

  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = [customer ? `e.customer_id = ${param(customer.id)}` : `e.env = ${param(ctx.env)}::"Env"`];
  if (features) where.push(`e.feature_pk = any(${param(features.map((f) => f.pk))}::text[])`);
  if (entityPks) where.push(`e.entity_id = any(${param(entityPks)}::text[])`);
  if (data.custom_range?.start !== undefined) where.push(`e.created_at >= ${param(new Date(data.custom_range.start))}`);
  if (data.custom_range?.end !== undefined) where.push(`e.created_at < ${param(new Date(data.custom_range.end))}`);
  if (after) where.push(`(e.created_at, e.id) < (${param(new Date(after.at))}::timestamptz, ${param(after.id)}::text)`);
  // One row more than asked: whether there is a next page.
  const { rows } = await pool().query<{ id: string; at: Date; feature_id: string; customer_id: string; value: number; properties: Record<string, unknown> }>(
    `select e.id, e.created_at as at, f.feature_id, coalesce(c.external_id, c.id) as customer_id, e.value, e.properties
       from usage_events e
       join features f on f.id = e.feature_pk
       join customers c on c.id = e.customer_id
      where ${where.join(" and ")}
      order by e.created_at desc, e.id desc
      limit ${param(data.limit + 1)}`,
    values,
  );
  const page = rows.slice(0, data.limit);
  const last = page.at(-1);
  return {
    list: page.map((row) => ({
      id: row.id,
      timestamp: row.at.getTime(),
      feature_id: row.feature_id,
      customer_id: row.customer_id,
      value: row.value,
      properties: row.properties ?? {},
      deductions: null,
    })),
    next_cursor: rows.length > data.limit && last ? encodeCursor({ at: last.at.getTime(), id: last.id }) : null,
  };
}

function encodeCursor(cursor: { at: number; id: string }): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString("base64url");
}

function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof at === "number" && Number.isInteger(at) && typeof id === "string" && id.length <= 100) return { at, id };
  } catch {
    // falls through to the error below
  }
  throw invalidInputs("start_cursor", "is not a cursor this API returned");
}
