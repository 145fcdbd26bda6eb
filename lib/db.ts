// One pg pool per process, kept on globalThis so that Next.js hot reloads in development do not
// open a new pool each time, and a Prisma client over it per copy of this module: a Next.js build
// bundles server code in several layers (pages, route handlers, instrumentation), each with its
// own copy of the generated client, and a client's $queryRaw only recognises the Prisma.sql
// fragments of its own copy (a fragment from another copy would be sent as a parameter).
import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma";
import { env } from "@/lib/env";

type DbGlobals = { pool?: pg.Pool; /** Bumped by closeDb, so every copy's client is made again. */ generation?: number };
const globals = globalThis as typeof globalThis & { __equinoxDb?: DbGlobals };
const state: DbGlobals = (globals.__equinoxDb ??= {});
let client: { prisma: PrismaClient; generation: number } | undefined;

/**
 * A client that sends every statement unnamed. Behind PgBouncer in transaction mode before 1.21
 * (DATABASE_PREPARED_STATEMENTS=false) a statement prepared in one transaction's server connection
 * is missing, or already there, in the next one's; the hot paths that name their statements
 * then run them as plain parameterised statements instead, with no change of their own.
 */
class UnnamedStatementsClient extends pg.Client {
  // pg's query() is heavily overloaded; this only rewrites a plain config object that has a name.
  query(...args: unknown[]): never {
    const [config] = args;
    if (config && typeof config === "object" && "name" in config && !("submit" in config)) args[0] = { ...config, name: undefined };
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

function createPool(): pg.Pool {
  const pool = new pg.Pool({
    ...(env().DATABASE_PREPARED_STATEMENTS ? {} : { Client: UnnamedStatementsClient }),
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

/** The Prisma client (of this copy of the module), over the shared pool. */
export function db(): PrismaClient {
  const generation = state.generation ?? 0;
  if (!client || client.generation !== generation) client = { prisma: new PrismaClient({ adapter: new PrismaPg(pool()) }), generation };
  return client.prisma;
}

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Closes the pool (scripts and tests; a server keeps it for its lifetime). */
export async function closeDb(): Promise<void> {
  const prisma = client?.prisma;
  const openPool = state.pool;
  client = undefined;
  state.pool = undefined;
  state.generation = (state.generation ?? 0) + 1;
  await prisma?.$disconnect();
  await openPool?.end();
}
