// Read-only raw SQL on hot paths. Outside a transaction it goes through the plain pg pool: Prisma's
// $queryRaw runs every statement through its query compiler first, and on get-or-create (which
// every sign-in calls) that was a large share of the request's CPU (measured: "Performance" in
// README.md). Inside a transaction it must use the transaction's connection, so it goes through it.
//
// Outside a transaction the statement is also prepared: named after its text, parsed by
// PostgreSQL once per connection and then only bound and executed, which saves the database the
// parse and most of the planning on every call. The callers' statements are fixed texts with
// parameters, so there are a handful of names; a cap keeps any future dynamic text from filling
// every connection with prepared statements.
import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma";
import { pool, type Db, type Tx } from "@/lib/db";

const MAX_PREPARED = 100;
const names = new Map<string, string>();

/** The prepared statement name for a statement text (undefined once the cap is reached). */
export function preparedName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_PREPARED) {
    name = `equinox_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/** The rows of a Prisma.sql query, with the column names as written (no ORM mapping either way). */
export async function selectRows<T>(client: Db | Tx, sql: Prisma.Sql): Promise<T[]> {
  if ("$transaction" in client) return (await pool().query({ name: preparedName(sql.text), text: sql.text, values: sql.values as unknown[] })).rows as T[];
  return client.$queryRaw<T[]>(sql);
}
