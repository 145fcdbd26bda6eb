// The Idempotency-Key header: the same key with the same request replays the first answer (and
// the work is done once); with a different request it is refused (409 idempotency_conflict).
// A placeholder row is inserted before the work starts, so of two concurrent requests with one
// key exactly one does the work and the other waits for its answer. Only successful answers are
// kept: after an error nothing happened, and the key is free for a retry.
//
// The answer commits with the write it answers: the work runs in a request-transaction scope
// (lib/request-transaction.ts), the hot writes run their statement on its connection, and the
// answer is stored on that connection before the one COMMIT. A crash (or a lost connection)
// before the commit undoes both, and the placeholder is released (or, if the process died, taken
// over once abandoned): the retry does the work once. After the commit both are there: the retry
// replays. A write made through Prisma does not join the scope; for such a route the answer is
// stored right after the write, as a separate step.
import "server-only";
import type pg from "pg";
import { pool } from "@/lib/db";
import { inRequestTransactionScope } from "@/lib/request-transaction";
import type { Env } from "@/lib/generated/prisma";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { isDatabaseUnavailable } from "@/lib/db-errors";

export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";
/** Header keys live in their own scope; track's body `idempotency_key` uses another. */
export const HTTP_IDEMPOTENCY_SCOPE = "http";

const KEY_MAX_LENGTH = 255;
const PENDING_STATUS = 0;
/** A key is remembered this long (as Stripe does); after that it may be reused freely. */
const RETENTION = "24 hours";
/** A placeholder this old belongs to a request that died (its instance crashed): take it over. */
const ABANDONED_AFTER = "2 minutes";
const WAIT_TIMEOUT_MS = 30_000;
const POLL_MS = 40;

export type IdempotentAnswer = { status: number; body: unknown };

export function validateIdempotencyKey(key: string): string {
  const trimmed = key.trim();
  if (!trimmed) throw new DomainError("invalid_request", "Idempotency-Key: cannot be empty");
  if (trimmed.length > KEY_MAX_LENGTH) throw new DomainError("invalid_request", `Idempotency-Key: at most ${KEY_MAX_LENGTH} characters`);
  return trimmed;
}

type StoredRow = { id: string; request_hash: string; status: number; response: unknown; expired: boolean; abandoned: boolean };

export async function runIdempotent(
  target: { env: Env; key: string; requestHash: string; scope?: string },
  execute: () => Promise<IdempotentAnswer>,
): Promise<IdempotentAnswer & { replayed: boolean }> {
  const scope = target.scope ?? HTTP_IDEMPOTENCY_SCOPE;
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  for (;;) {
    const placeholderId = newId("idm");
    const reserved = await pool()
      .query<{ id: string }>(
        `insert into idempotency_records (id, env, scope, key, request_hash, status, response)
         values ($1, $2, $3, $4, $5, ${PENDING_STATUS}, 'null'::jsonb)
         on conflict (env, scope, key) do nothing
         returning id`,
        [placeholderId, target.env, scope, target.key, target.requestHash],
      )
      .catch(async (error: unknown) => {
        // The connection can drop after the insert committed: make sure no placeholder of ours stays behind.
        if (isDatabaseUnavailable(error)) await release(placeholderId);
        throw error;
      });
    const reservedId = reserved.rows[0]?.id;
    if (reservedId) return { ...(await executeAndRecord(reservedId, execute)), replayed: false };

    const { rows } = await pool().query<StoredRow>(
      `select id, request_hash, status, response,
              created_at < now() - interval '${RETENTION}' as expired,
              created_at < now() - interval '${ABANDONED_AFTER}' as abandoned
         from idempotency_records where env = $1 and scope = $2 and key = $3`,
      [target.env, scope, target.key],
    );
    const stored = rows[0];
    if (!stored) continue; // released in the meantime: reserve again
    if (stored.expired || (stored.status === PENDING_STATUS && stored.abandoned)) {
      await pool().query(`delete from idempotency_records where id = $1 and status = $2`, [stored.id, stored.status]);
      continue;
    }
    if (stored.request_hash !== target.requestHash) {
      throw new DomainError(
        "idempotency_conflict",
        "Idempotency-Key: this key was already used with a different request; use a new key for a new request",
      );
    }
    if (stored.status !== PENDING_STATUS) return { status: stored.status, body: storedBody(stored.response), replayed: true };
    if (Date.now() > deadline) {
      throw new DomainError("idempotency_conflict", "Idempotency-Key: a request with this key is still in progress; retry in a few seconds");
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Forgets Idempotency-Key answers older than the retention (after which the key may be reused
 * anyway), at most `limit` per call: run periodically by lib/maintenance. Track's own keys
 * (scope 'track') are kept: they are remembered as long as the usage events they counted.
 */
export async function deleteExpiredIdempotencyRecords(limit = 5_000): Promise<number> {
  const { rowCount } = await pool().query(
    `delete from idempotency_records
      where id in (select id from idempotency_records
                    where scope = $1 and created_at < now() - interval '${RETENTION}'
                    order by created_at limit $2)`,
    [HTTP_IDEMPOTENCY_SCOPE, limit],
  );
  return rowCount ?? 0;
}

const RECORD_ANSWER = `update idempotency_records set status = $2, response = to_jsonb($3::text) where id = $1`;

/** Test hooks: run between storing the answer and the commit of the write it answers. */
export const idempotencyFailpoints: { beforeCommit?: (client: pg.PoolClient) => Promise<void> } = {};

async function executeAndRecord(id: string, execute: () => Promise<IdempotentAnswer>): Promise<IdempotentAnswer> {
  let run: Awaited<ReturnType<typeof inRequestTransactionScope<IdempotentAnswer>>>;
  try {
    run = await inRequestTransactionScope(execute);
  } catch (error) {
    await release(id);
    throw error;
  }
  const { result: answer, client, end } = run;
  if (client) {
    // The write is on this connection, not committed yet: the answer joins it, one commit for both.
    try {
      await client.query(RECORD_ANSWER, [id, answer.status, JSON.stringify(answer.body ?? null)]);
      await idempotencyFailpoints.beforeCommit?.(client);
      await end(true);
    } catch (error) {
      await end(false, error as Error).catch(() => undefined);
      // Only a placeholder still pending is released: had the commit reached the database before
      // the connection was lost, the write and its answer are both kept, and a retry replays.
      await release(id);
      throw error;
    }
    return answer;
  }
  // Kept as the JSON text inside a jsonb string: jsonb would reorder the keys, and a replay must
  // be the first answer byte for byte. The work is done whether or not this write succeeds, so
  // the caller gets its answer either way; if the database went away meanwhile, the answer is
  // stored as soon as it is back, and a retry with the key replays it (instead of waiting for the
  // placeholder to count as abandoned, and then doing the work a second time).
  await writeEventually(`record the answer for idempotency placeholder ${id}`, () => pool().query(RECORD_ANSWER, [id, answer.status, JSON.stringify(answer.body ?? null)]));
  return answer;
}

function storedBody(response: unknown): unknown {
  return typeof response === "string" ? JSON.parse(response) : response;
}

/**
 * Frees the key after a failed attempt (nothing happened: the key may be used again at once).
 * When the failure was the database going away, the delete fails too and is retried until the
 * database is back, so the client's retry is not kept waiting for an abandoned placeholder.
 */
async function release(id: string) {
  await writeEventually(`release idempotency placeholder ${id}`, () => pool().query(`delete from idempotency_records where id = $1 and status = ${PENDING_STATUS}`, [id]));
}

/** About two minutes of background retries (the abandonment age), backing off to every 5 s. */
const BACKGROUND_ATTEMPTS = 30;

/** A bookkeeping write: now, or (when the database is unavailable) in the background until it is back. */
async function writeEventually(what: string, write: () => Promise<unknown>, attempt = 0): Promise<void> {
  try {
    await write();
    if (attempt > 0) console.info(`[api] could ${what} after all`);
  } catch (error) {
    const unavailable = isDatabaseUnavailable(error);
    if (attempt === 0) console.warn(`[api] could not ${what}${unavailable ? " (retrying in the background)" : ""}: ${(error as Error).message}`);
    if (!unavailable || attempt >= BACKGROUND_ATTEMPTS) return;
    setTimeout(() => void writeEventually(what, write, attempt + 1), Math.min(250 * 2 ** attempt, 5_000)).unref();
  }
}
