// Hit counters shared by every app instance through PostgreSQL (table rate_limits), in two
// flavours:
//
// - `BatchedCounters` for the hot path (API requests): the decision is made from memory, with no
//   database round trip. Each instance counts its own hits locally and, every ~250 ms, adds them
//   to the shared row with one atomic upsert that returns the new total of all instances. The
//   limit therefore holds across instances up to what arrives within one flush interval; the
//   price of exactness (a write per request) is not worth paying for a per-minute quota.
// - `consumeSharedHit` for rare, sensitive actions (sign-in emails): one atomic conditional upsert
//   per hit, exact across instances.
//
// Only allowed hits are counted, so a client that keeps retrying while refused is let in again
// as soon as the window turns over. When the database is away, batched counts stay in memory
// and are added on the next successful flush (the request itself gets its 503 elsewhere).
//
// The table is UNLOGGED: a flush is a commit several times a second per instance, and as a logged
// table each waited for a WAL fsync (the API's p99 at one connection showed them). After a
// crash PostgreSQL empties it (a standby never has it): the limits start again, as when a window
// turns over.
import "server-only";
import type pg from "pg";
import { pool } from "@/lib/db";
import { decision, windowStartOf, type LimitDecision } from "./fixed-window";

type Queryable = Pick<pg.Pool, "query">;

type Entry = {
  bucket: string;
  windowStart: number;
  windowMs: number;
  /** Total of all instances, as last read back from the database (includes our flushed hits). */
  shared: number;
  /** Hits being written right now. */
  inFlight: number;
  /** Hits not yet written. */
  pending: number;
};

const UPSERT_BATCH = `
  insert into rate_limits (bucket, window_start, hits, expires_at)
  select bucket, window_start, hits, expires_at
    from unnest($1::text[], $2::timestamptz[], $3::int[], $4::timestamptz[]) as t(bucket, window_start, hits, expires_at)
  on conflict (bucket, window_start) do update set hits = rate_limits.hits + excluded.hits
  returning bucket, window_start, hits`;

/** Rows are kept a little past their window, for whoever wants to look at recent abuse. */
const EXPIRY_GRACE_MS = 60 * 60 * 1000;
const CLEANUP_EVERY_MS = 60 * 1000;

export type BatchedCountersOptions = {
  flushIntervalMs?: number;
  /** The database to write to (tests pass a failing one); the app's pool by default. */
  database?: () => Queryable;
  now?: () => number;
};

export class BatchedCounters {
  private readonly entries = new Map<string, Entry>();
  private readonly flushIntervalMs: number;
  private readonly database: () => Queryable;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastCleanup = 0;
  private failing = false;

  constructor(options: BatchedCountersOptions = {}) {
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.database = options.database ?? pool;
    this.now = options.now ?? Date.now;
  }

  /** Counts one hit against `bucket` unless it is over `limit` in the current window. Never waits. */
  hit(bucket: string, limit: number, windowMs: number): LimitDecision {
    const now = this.now();
    const windowStart = windowStartOf(now, windowMs);
    const id = `${bucket}\u0000${windowStart}`;
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { bucket, windowStart, windowMs, shared: 0, inFlight: 0, pending: 0 };
      this.entries.set(id, entry);
    }
    const answer = decision({ used: entry.shared + entry.inFlight + entry.pending, limit, windowStart, windowMs, now });
    if (answer.allowed) {
      entry.pending += 1;
      this.schedule();
    }
    return answer;
  }

  /** Whether one more hit against `bucket` would be allowed, counting nothing. Never waits. */
  peek(bucket: string, limit: number, windowMs: number): LimitDecision {
    const now = this.now();
    const windowStart = windowStartOf(now, windowMs);
    const entry = this.entries.get(`${bucket}\u0000${windowStart}`);
    return decision({ used: entry ? entry.shared + entry.inFlight + entry.pending : 0, limit, windowStart, windowMs, now });
  }

  /** Writes every pending hit now and reads the shared totals back. Concurrent calls share one run. */
  flush(): Promise<void> {
    return (this.running ??= this.flushOnce().finally(() => {
      this.running = undefined;
    }));
  }

  /** Pending hits not yet written (tests, shutdown). */
  pendingHits(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.pending + entry.inFlight;
    return total;
  }

  private schedule(delay = this.flushIntervalMs) {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
    // A pending flush must not keep a script or a test worker alive.
    this.timer.unref?.();
  }

  private async flushOnce(): Promise<void> {
    const now = this.now();
    const batch: Entry[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.pending > 0) {
        entry.inFlight = entry.pending;
        entry.pending = 0;
        batch.push(entry);
      } else if (entry.inFlight === 0 && entry.windowStart + entry.windowMs <= now) {
        this.entries.delete(id); // its window is over and nothing is left to write
      }
    }
    if (batch.length === 0) return;

    try {
      const { rows } = await this.database().query<{ bucket: string; window_start: Date; hits: number }>(UPSERT_BATCH, [
        batch.map((e) => e.bucket),
        batch.map((e) => new Date(e.windowStart)),
        batch.map((e) => e.inFlight),
        batch.map((e) => new Date(e.windowStart + e.windowMs + EXPIRY_GRACE_MS)),
      ]);
      const totals = new Map(rows.map((row) => [`${row.bucket}\u0000${row.window_start.getTime()}`, row.hits]));
      for (const entry of batch) {
        entry.shared = Math.max(entry.shared + entry.inFlight, totals.get(`${entry.bucket}\u0000${entry.windowStart}`) ?? 0);
        entry.inFlight = 0;
      }
      if (this.failing) console.info("[rate-limit] counters are written to the database again");
      this.failing = false;
      await this.cleanup(now);
    } catch (error) {
      for (const entry of batch) {
        entry.pending += entry.inFlight;
        entry.inFlight = 0;
      }
      if (!this.failing) console.warn(`[rate-limit] could not write counters (kept in memory, retrying): ${(error as Error).message}`);
      this.failing = true;
      this.schedule(Math.max(this.flushIntervalMs, 1_000));
    }
  }

  /** Old windows are deleted by whichever instance gets there first; cheap with the index. */
  private async cleanup(now: number) {
    if (now - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now;
    await this.database()
      .query("delete from rate_limits where expires_at < now()")
      .catch((error: Error) => console.warn(`[rate-limit] could not delete expired counters: ${error.message}`));
  }
}

const globals = globalThis as typeof globalThis & { __equinoxRateLimits?: BatchedCounters };

/** This process's batched counters (one per process, like the database pool). */
export function batchedCounters(): BatchedCounters {
  return (globals.__equinoxRateLimits ??= new BatchedCounters());
}

const CONSUME_ONE = `
  insert into rate_limits (bucket, window_start, hits, expires_at) values ($1, $2, 1, $3)
  on conflict (bucket, window_start) do update set hits = rate_limits.hits + 1
    where rate_limits.hits < $4
  returning hits`;

/**
 * Counts one hit against `bucket` in the database, atomically, unless the window already holds
 * `limit` hits (of all instances). One round trip; use it where exactness matters more than speed.
 */
export async function consumeSharedHit(
  bucket: string,
  limit: number,
  windowMs: number,
  options: { database?: Queryable; now?: number } = {},
): Promise<LimitDecision> {
  const now = options.now ?? Date.now();
  const windowStart = windowStartOf(now, windowMs);
  const { rows } = await (options.database ?? pool()).query<{ hits: number }>(CONSUME_ONE, [
    bucket,
    new Date(windowStart),
    new Date(windowStart + windowMs + EXPIRY_GRACE_MS),
    limit,
  ]);
  const hits = rows[0]?.hits;
  // No row: the conflicting row was already at the limit, and nothing was counted.
  return decision({ used: hits === undefined ? limit : hits - 1, limit, windowStart, windowMs, now });
}
