// One Prisma client (and one pg pool under it) per process, kept on globalThis so that
// Next.js hot reloads in development do not open a new pool each time.
import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma";
import { env } from "@/lib/env";

type DbGlobals = { pool?: pg.Pool; prisma?: PrismaClient };
const globals = globalThis as typeof globalThis & { __equinoxDb?: DbGlobals };
const state: DbGlobals = (globals.__equinoxDb ??= {});

function createPool(): pg.Pool {
  const pool = new pg.Pool({
    connectionString: env().DATABASE_URL,
    max: env().DATABASE_POOL_MAX,
    // Fail fast when the database is away, so the API answers 503 instead of queueing forever.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A runaway statement must not hold a connection for ever.
    statement_timeout: 30_000,
    application_name: "equinox",
  });
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on("error", (error) => console.error(`[db] idle connection error: ${error.message}`));
  return pool;
}

/** The shared pg pool, for the few hot paths that are written as plain SQL. */
export function pool(): pg.Pool {
  return (state.pool ??= createPool());
}

/** The shared Prisma client. */
export function db(): PrismaClient {
  return (state.prisma ??= new PrismaClient({ adapter: new PrismaPg(pool()) }));
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Closes the pool (scripts and tests; a server keeps it for its lifetime). */
export async function closeDb(): Promise<void> {
  const { prisma, pool: openPool } = state;
  state.prisma = undefined;
  state.pool = undefined;
  await prisma?.$disconnect();
  await openPool?.end();
}
