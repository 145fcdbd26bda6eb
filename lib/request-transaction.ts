// The write transaction of one request that must commit its answer with its write: a request
// with an Idempotency-Key. Its answer has to be stored in the same transaction as the write it
// answers, or a crash between the two either loses the answer (a retry repeats the write) or
// keeps an answer for a write that never committed.
//
// The idempotency layer (lib/api/idempotency-key.ts) runs the request's work inside a scope. The
// hot writes written as plain SQL (get-or-create's create and claim, check with send_event,
// track) ask for the scope's client and run their statement on it instead of committing on their
// own; when the work is done the layer stores the answer on the same client and commits both at
// once. Outside a scope (no Idempotency-Key) those writes commit by themselves as before.
//
// Writes made through Prisma (which takes its own connection) do not join: a route whose write is
// a Prisma transaction keeps the older order (write, then answer). The hot paths never hold the
// scope's connection while waiting for another one: they read before they write.
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type pg from "pg";
import { pool } from "@/lib/db";

type Scope = {
  client?: pg.PoolClient;
  opening?: Promise<pg.PoolClient>;
  /** How many times rollbackRequestTransaction dropped the transaction (and what it held). */
  rollbacks?: number;
};

const storage = new AsyncLocalStorage<Scope>();

// A checked-out pg client has no 'error' listener (the pool removes its own on checkout): a
// connection the server drops while the request holds it between statements (terminated, a
// pooler restart) would emit an unhandled 'error' and take the process down. The request learns
// of it from its next statement or its COMMIT, which fail; this only keeps the process alive.
const onHeldClientError = (error: Error) => console.error(`[db] request transaction connection error: ${error.message}`);

function releaseHeld(client: pg.PoolClient, error?: Error) {
  client.off("error", onHeldClientError);
  client.release(error);
}

/** Runs `work` in a scope whose writes may join one transaction; `finish` ends it (see below). */
export async function inRequestTransactionScope<T>(work: () => Promise<T>): Promise<{ result: T; client: pg.PoolClient | undefined; end: (commit: boolean, error?: Error) => Promise<void> }> {
  const scope: Scope = {};
  const end = async (commit: boolean, error?: Error) => {
    const client = scope.client ?? (await scope.opening?.catch(() => undefined));
    scope.client = undefined;
    scope.opening = undefined;
    if (!client) return;
    try {
      await client.query(commit ? "commit" : "rollback");
      releaseHeld(client);
    } catch (failure) {
      // The connection is gone (or broken): it must not go back to the pool.
      releaseHeld(client, (error ?? failure) as Error);
      throw failure;
    }
  };
  try {
    const result = await storage.run(scope, work);
    return { result, client: scope.client ?? (await scope.opening), end };
  } catch (error) {
    await end(false, error as Error).catch(() => undefined);
    throw error;
  }
}

/**
 * The client of the current request's write transaction (opened on first use), or undefined when
 * the request has none: the caller then runs its statement on the pool, committing on its own.
 */
export async function requestTransactionClient(): Promise<pg.PoolClient | undefined> {
  const scope = storage.getStore();
  if (!scope) return undefined;
  if (scope.client) return scope.client;
  scope.opening ??= (async () => {
    const client = await pool().connect();
    client.on("error", onHeldClientError);
    try {
      await client.query("begin");
    } catch (error) {
      releaseHeld(client, error as Error);
      throw error;
    }
    scope.client = client;
    return client;
  })();
  return scope.opening;
}

/**
 * Drops what the request's transaction holds (its locks) when the statement run in it changed
 * nothing and something else must be written first by another connection (a balance reset that
 * is due, say): waiting for it while holding its rows' locks would deadlock. The next
 * requestTransactionClient() opens a new one.
 */
export async function rollbackRequestTransaction(): Promise<void> {
  const scope = storage.getStore();
  const client = scope?.client;
  if (!scope || !client) return;
  scope.client = undefined;
  scope.opening = undefined;
  scope.rollbacks = (scope.rollbacks ?? 0) + 1;
  try {
    await client.query("rollback");
    releaseHeld(client);
  } catch (error) {
    releaseHeld(client, error as Error);
    throw error;
  }
}

/**
 * How many times the current request's transaction was rolled back by rollbackRequestTransaction
 * (0 outside a scope). Work running several writes on it (batch track) compares it around each
 * write: a change means what it wrote before was dropped too, and must be written again.
 */
export function requestTransactionRollbacks(): number {
  return storage.getStore()?.rollbacks ?? 0;
}

/**
 * Runs one statement of a write: on the request's transaction when there is one, inside a
 * savepoint, so that a statement that fails and is retried (a deadlock victim, a serialization
 * failure) leaves the transaction usable and what the request wrote before it in place; on the
 * pool, committing on its own, otherwise.
 */
export async function runWriteStatement<T>(statement: (client: pg.Pool | pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await requestTransactionClient();
  if (!client) return statement(pool());
  await client.query("savepoint request_write");
  let result: T;
  try {
    result = await statement(client);
  } catch (error) {
    await client.query("rollback to savepoint request_write").catch(() => undefined);
    throw error;
  }
  await client.query("release savepoint request_write");
  return result;
}
