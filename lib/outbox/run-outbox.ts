// The outbox worker: takes due jobs one at a time with FOR UPDATE SKIP LOCKED (so any number of
// app instances can run it side by side without two of them taking the same job), runs the job's
// handler while the row stays locked, and records the outcome in the same transaction. A failed
// job is retried later with exponential backoff; after MAX_ATTEMPTS, or at once when the failure
// is permanent (the other side refused the request), it is marked `failed`, visible with its
// last error. If the process dies mid-job, the transaction rolls back and the job runs again.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { pool } from "@/lib/db";
import { jobHandlers, type OutboxJob } from "./job-handlers";

export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 60 * 60_000;

/** Delay before attempt `attempts + 1`, after `attempts` failures: 5 s, 10 s, 20 s ... up to 1 h, with jitter. */
export function backoffDelayMs(attempts: number): number {
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

export type RunOutboxOptions = {
  /** Only these jobs (tests, and callers that want their own job done now). */
  jobIds?: string[];
  /** Only jobs with these dedupe keys. */
  dedupeKeys?: string[];
  /** At most this many jobs in this run (default 50). */
  limit?: number;
};

export type RunOutboxResult = { done: number; retried: number; failed: number };

type JobRow = { id: string; env: Env; kind: string; payload: unknown; attempts: number };

/** Runs due jobs until none is left (or `limit`). */
export async function runOutboxOnce(options: RunOutboxOptions = {}): Promise<RunOutboxResult> {
  const result: RunOutboxResult = { done: 0, retried: 0, failed: 0 };
  const limit = options.limit ?? 50;
  for (let n = 0; n < limit; n++) {
    const outcome = await runNextJob(options);
    if (outcome === "none") break;
    result[outcome]++;
  }
  return result;
}

async function runNextJob(options: RunOutboxOptions): Promise<"none" | keyof RunOutboxResult> {
  const client = await pool().connect();
  try {
    await client.query("begin");
    const { rows } = await client.query<JobRow>(
      `select id, env, kind, payload, attempts from outbox_jobs
        where status = 'pending' and run_after <= now()
          and ($1::text[] is null or id = any($1::text[]))
          and ($2::text[] is null or dedupe_key = any($2::text[]))
        order by run_after, id
        limit 1
        for update skip locked`,
      [options.jobIds ?? null, options.dedupeKeys ?? null],
    );
    const row = rows[0];
    if (!row) {
      await client.query("commit");
      return "none";
    }
    const outcome = await runJob(row);
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      await client.query(`update outbox_jobs set status = 'done', attempts = $2, last_error = null, updated_at = now() where id = $1`, [row.id, attempts]);
    } else {
      const failed = outcome.permanent || attempts >= MAX_ATTEMPTS;
      await client.query(
        `update outbox_jobs set status = $2::"JobStatus", attempts = $3, last_error = $4,
                run_after = now() + ($5::int * interval '1 millisecond'), updated_at = now()
          where id = $1`,
        [row.id, failed ? "failed" : "pending", attempts, outcome.error.slice(0, 2000), failed ? 0 : backoffDelayMs(attempts)],
      );
      if (failed) console.error(`[outbox] job ${row.id} (${row.kind}) failed for good after ${attempts} attempt(s): ${outcome.error}`);
    }
    await client.query("commit");
    return outcome.ok ? "done" : outcome.permanent || attempts >= MAX_ATTEMPTS ? "failed" : "retried";
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function runJob(row: JobRow): Promise<{ ok: true } | { ok: false; permanent: boolean; error: string }> {
  const handler = jobHandlers[row.kind];
  if (!handler) return { ok: false, permanent: true, error: `No handler for job kind ${row.kind}` };
  const job: OutboxJob = { id: row.id, env: row.env, kind: row.kind, payload: row.payload, attempt: row.attempts + 1 };
  try {
    await handler.run(job);
    return { ok: true };
  } catch (error) {
    return { ok: false, permanent: handler.isPermanent?.(error) ?? false, error: error instanceof Error ? error.message : String(error) };
  }
}
