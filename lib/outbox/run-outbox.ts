// The outbox worker, in passes: a pass takes up to a batch of due jobs in one statement with
// FOR UPDATE SKIP LOCKED (so any number of app instances can run it side by side without two of
// them taking the same job), runs their handlers one after another while the rows stay locked,
// and records every outcome in one statement before its one commit. Batching is what keeps the
// worker cheap under a burst of claims (each writes up to three jobs): a job done alone cost a
// transaction of its own, four statements and an fsync'd commit; a pass shares them among its jobs.
//
// The guarantees are those of a job run alone:
//   - at least once: a handler's work is recorded only by the pass's commit; a pass that never
//     commits (the process died, the connection was lost) rolls back, and its jobs, the finished
//     ones too, are due again at once: the row locks are the lease, and the database ends them
//     with the connection. Handlers are written to run more than once (job-handlers.ts).
//   - a failure is the job's own: a handler that throws is caught, and only that job is retried
//     later with exponential backoff; after MAX_ATTEMPTS, or at once when the failure is permanent
//     (the other side refused the request), it is marked `failed`, visible with its last error.
//   - a stopping worker (shouldStop) starts no further job of its pass: it records the jobs it
//     finished and hands the others back untouched (still pending and due) with its commit.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { pool } from "@/lib/db";
import { jobHandlers, type OutboxJob, type PreparedRun } from "./job-handlers";

export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 60 * 60_000;
/**
 * Jobs per pass. Larger shares the pass's statements and commit among more jobs, but holds its
 * rows (and one connection) for as long as all its handlers take: a pass of Stripe calls should
 * end in seconds, and a job enqueued meanwhile with the key of a locked one runs after it.
 */
export const DEFAULT_BATCH_SIZE = 25;

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
  /** At most this many jobs per pass (default DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Asked before each job: true ends the run, handing the pass's jobs not yet started back. */
  shouldStop?: () => boolean;
};

export type RunOutboxResult = { done: number; retried: number; failed: number };

type JobRow = { id: string; env: Env; kind: string; payload: unknown; attempts: number };
type Outcome = { ok: true } | { ok: false; permanent: boolean; error: string };
/** A job's row after its run, as the pass's one update writes it. */
type Recorded = { id: string; status: "done" | "pending" | "failed"; attempts: number; lastError: string | null; delayMs: number | null };

/** Runs due jobs, pass after pass, until none is left (or `limit`, or `shouldStop`). */
export async function runOutboxOnce(options: RunOutboxOptions = {}): Promise<RunOutboxResult> {
  const result: RunOutboxResult = { done: 0, retried: 0, failed: 0 };
  const limit = options.limit ?? 50;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  for (let ran = 0; ran < limit && !options.shouldStop?.(); ) {
    const pass = await runPass(options, Math.min(batchSize, limit - ran));
    result.done += pass.done;
    result.retried += pass.retried;
    result.failed += pass.failed;
    ran += pass.taken;
    // Nothing due (or what is due is another worker's right now). A pass that took fewer than it
    // asked for is followed by another all the same: its handlers may have queued follow-up jobs.
    if (pass.taken === 0) break;
  }
  return result;
}

const CLAIM_JOBS = `
  select id, env, kind, payload, attempts from outbox_jobs
   where status = 'pending' and run_after <= now()
     and ($1::text[] is null or id = any($1::text[]))
     and ($2::text[] is null or dedupe_key = any($2::text[]))
   order by run_after, id
   limit $3
   for update skip locked`;

// run_after moves only for a retry (its backoff) or a failure (now: when it gave up); a done job keeps it.
const RECORD_OUTCOMES = `
  update outbox_jobs o
     set status = r.status::"JobStatus", attempts = r.attempts, last_error = r.last_error,
         run_after = case when r.delay_ms is null then o.run_after else now() + r.delay_ms * interval '1 millisecond' end,
         updated_at = now()
    from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[]) as r(id, status, attempts, last_error, delay_ms)
   where o.id = r.id`;

async function runPass(options: RunOutboxOptions, size: number): Promise<RunOutboxResult & { taken: number }> {
  const client = await pool().connect();
  // The connection can drop while idle in the pass's transaction (handlers run on other
  // connections): pg reports that as an 'error' event, which must not crash the process. The
  // next statement then fails, and the pass's jobs are due again.
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on("error", onError);
  let failed = false;
  try {
    await client.query("begin");
    const { rows } = await client.query<JobRow>({ name: "equinox_outbox_claim_jobs", text: CLAIM_JOBS, values: [options.jobIds ?? null, options.dedupeKeys ?? null, size] });
    const recorded: Recorded[] = [];
    const prepared = new Map<string, Promise<PreparedRun | undefined>>();
    for (const row of rows) {
      if (options.shouldStop?.()) break;
      // Lost: nothing more of this pass can be recorded, so no further job is started.
      if (lost) throw lost;
      recorded.push(recordOf(row, await runJob(row, rows, prepared)));
    }
    if (recorded.length > 0) {
      await client.query({
        name: "equinox_outbox_record_outcomes",
        text: RECORD_OUTCOMES,
        values: [recorded.map((r) => r.id), recorded.map((r) => r.status), recorded.map((r) => r.attempts), recorded.map((r) => r.lastError), recorded.map((r) => r.delayMs)],
      });
    }
    await client.query("commit");
    for (const r of recorded) {
      if (r.status === "failed") console.error(`[outbox] job ${r.id} (${rows.find((row) => row.id === r.id)?.kind}) failed for good after ${r.attempts} attempt(s): ${r.lastError}`);
    }
    return {
      taken: rows.length,
      done: recorded.filter((r) => r.status === "done").length,
      retried: recorded.filter((r) => r.status === "pending").length,
      failed: recorded.filter((r) => r.status === "failed").length,
    };
  } catch (error) {
    // Closing the connection rolls the pass back (if the database still has it): its jobs are due again.
    failed = true;
    throw error;
  } finally {
    client.off("error", onError);
    // A connection that failed is closed rather than handed to the next caller.
    client.release(failed ? (lost ?? true) : undefined);
  }
}

function recordOf(row: JobRow, outcome: Outcome): Recorded {
  const attempts = row.attempts + 1;
  if (outcome.ok) return { id: row.id, status: "done", attempts, lastError: null, delayMs: null };
  const failed = outcome.permanent || attempts >= MAX_ATTEMPTS;
  return { id: row.id, status: failed ? "failed" : "pending", attempts, lastError: outcome.error.slice(0, 2000), delayMs: failed ? 0 : backoffDelayMs(attempts) };
}

const jobOf = (row: JobRow): OutboxJob => ({ id: row.id, env: row.env, kind: row.kind, payload: row.payload, attempt: row.attempts + 1 });

/**
 * Runs one job of the pass. A handler with `prepare` is given all the pass's jobs of its kind
 * before the first of them runs (once per pass and kind): after a burst of claims, a pass of 25
 * jobs made 25 reads, one per job; it now makes one per kind. A failed prepare is no job's
 * failure: each job then runs alone.
 */
async function runJob(row: JobRow, pass: JobRow[], prepared: Map<string, Promise<PreparedRun | undefined>>): Promise<Outcome> {
  const handler = jobHandlers[row.kind];
  if (!handler) return { ok: false, permanent: true, error: `No handler for job kind ${row.kind}` };
  const job = jobOf(row);
  try {
    let prepare: Promise<PreparedRun | undefined> | undefined;
    if (handler.prepare) {
      prepare = prepared.get(row.kind);
      if (!prepare) {
        const prepareKind = handler.prepare.bind(handler);
        // Said once per pass and kind: the jobs still run (alone), so a broken prepare would otherwise go unseen.
        prepare = prepareKind(pass.filter((other) => other.kind === row.kind).map(jobOf)).catch((error: unknown) => {
          console.warn(`[outbox] prepare for ${row.kind} failed, its jobs run one by one: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        });
        prepared.set(row.kind, prepare);
      }
    }
    const runPrepared = await prepare;
    await (runPrepared?.(job) ?? handler.run(job));
    return { ok: true };
  } catch (error) {
    return { ok: false, permanent: handler.isPermanent?.(error) ?? false, error: error instanceof Error ? error.message : String(error) };
  }
}
