// The shared counters against the real database: limits hold across instances (two
// BatchedCounters are two processes), hits are batched, and a database outage loses no count.
import { describe, expect, it, vi } from "vitest";
import { pool } from "@/lib/db";
import { unique } from "@/tests/factories";
import { BatchedCounters, consumeSharedHit } from "./shared-counters";

const MINUTE = 60_000;

async function storedHits(bucket: string): Promise<number> {
  const { rows } = await pool().query<{ hits: number }>("select coalesce(sum(hits), 0)::int as hits from rate_limits where bucket = $1", [bucket]);
  return rows[0]!.hits;
}

const hits = (counters: BatchedCounters, bucket: string, n: number, limit: number) =>
  Array.from({ length: n }, () => counters.hit(bucket, limit, MINUTE).allowed).filter(Boolean).length;

describe("the counters' table", () => {
  it("is unlogged: a flush commits without waiting for a WAL fsync", async () => {
    const { rows } = await pool().query<{ persistence: string }>("select relpersistence as persistence from pg_class where oid = 'rate_limits'::regclass");
    expect(rows[0]!.persistence).toBe("u");
  });
});

describe("BatchedCounters", () => {
  it("decides from memory and writes the hits in one batch", async () => {
    const counters = new BatchedCounters({ flushIntervalMs: 60_000 });
    const bucket = unique("bucket");
    expect(hits(counters, bucket, 12, 10)).toBe(10);
    expect(await storedHits(bucket)).toBe(0); // nothing written yet: the hot path never waits
    await counters.flush();
    expect(await storedHits(bucket)).toBe(10); // refused hits are not counted
    expect(counters.pendingHits()).toBe(0);
  });

  it("holds one limit across two instances sharing the database", async () => {
    const a = new BatchedCounters({ flushIntervalMs: 60_000 });
    const b = new BatchedCounters({ flushIntervalMs: 60_000 });
    const bucket = unique("bucket");
    expect(hits(a, bucket, 6, 10)).toBe(6);
    await a.flush();
    expect(hits(b, bucket, 1, 10)).toBe(1);
    await b.flush(); // b learns the shared total (7) from its own upsert
    expect(hits(b, bucket, 5, 10)).toBe(3);
    await b.flush();
    await a.flush();
    expect(await storedHits(bucket)).toBe(10);
    // a has not flushed anything new, so it still believes 6; its next flush corrects it.
    expect(hits(a, bucket, 1, 10)).toBe(1);
    await a.flush();
    expect(hits(a, bucket, 1, 10)).toBe(0);
    expect(await storedHits(bucket)).toBe(11); // overshoot bounded by one flush interval's hits
  });

  it("flushes by itself shortly after a hit", async () => {
    const counters = new BatchedCounters({ flushIntervalMs: 20 });
    const bucket = unique("bucket");
    counters.hit(bucket, 5, MINUTE);
    await vi.waitFor(async () => expect(await storedHits(bucket)).toBe(1), { timeout: 5_000 });
  });

  it("keeps counting in memory while the database is away, and writes everything once it is back", async () => {
    let down = true;
    const database = () => ({
      query: ((text: string, values?: unknown[]) =>
        down ? Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })) : pool().query(text, values)) as never,
    });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const counters = new BatchedCounters({ flushIntervalMs: 60_000, database });
    const bucket = unique("bucket");
    expect(hits(counters, bucket, 4, 5)).toBe(4);
    await counters.flush();
    await counters.flush();
    expect(counters.pendingHits()).toBe(4);
    expect(hits(counters, bucket, 3, 5)).toBe(1); // the limit still holds, from memory
    expect(warn).toHaveBeenCalledTimes(1); // one warning per outage, not one per attempt
    down = false;
    await counters.flush();
    expect(await storedHits(bucket)).toBe(5);
    expect(counters.pendingHits()).toBe(0);
    warn.mockRestore();
  });

  it("starts a new window when the old one is over, and says when to retry", async () => {
    let now = Math.floor(Date.now() / MINUTE) * MINUTE + 10_000;
    const counters = new BatchedCounters({ flushIntervalMs: 60_000, now: () => now });
    const bucket = unique("bucket");
    expect(counters.hit(bucket, 1, MINUTE)).toMatchObject({ allowed: true, remaining: 0 });
    expect(counters.hit(bucket, 1, MINUTE)).toMatchObject({ allowed: false, retryAfterSeconds: 50 });
    now += 50_000;
    expect(counters.hit(bucket, 1, MINUTE).allowed).toBe(true);
    await counters.flush();
    const { rows } = await pool().query<{ n: number }>("select count(*)::int as n from rate_limits where bucket = $1", [bucket]);
    expect(rows[0]!.n).toBe(2); // one row per window
  });
});

describe("consumeSharedHit", () => {
  it("is exact under concurrency: never more than the limit, whoever asks", async () => {
    const bucket = unique("bucket");
    const answers = await Promise.all(Array.from({ length: 25 }, () => consumeSharedHit(bucket, 7, MINUTE)));
    expect(answers.filter((a) => a.allowed)).toHaveLength(7);
    expect(await storedHits(bucket)).toBe(7);
    const refused = answers.find((a) => !a.allowed)!;
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
  });
});
