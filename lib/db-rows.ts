// Read-only raw SQL on hot paths. Outside a transaction it goes through the plain pg pool: Prisma's
// $queryRaw runs every statement through its query compiler first, and on get-or-create (which
// every sign-in calls) that was a large share of the request's CPU (measured: "Performance" in
// README.md). Inside a transaction it must use the transaction's connection, so it goes through it.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma";
import { pool, type Db, type Tx } from "@/lib/db";

/** The rows of a Prisma.sql query, with the column names as written (no ORM mapping either way). */
export async function selectRows<T>(client: Db | Tx, sql: Prisma.Sql): Promise<T[]> {
  if ("$transaction" in client) return (await pool().query(sql.text, sql.values as unknown[])).rows as T[];
  return client.$queryRaw<T[]>(sql);
}
