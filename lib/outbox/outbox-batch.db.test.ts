// The worker's passes (run-outbox.ts): a pass takes several due jobs at once and records their
// outcomes together, yet each job keeps the guarantees of a job run alone.
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { unique } from "@/tests/factories";
import { enqueueOutboxJob } from "./enqueue-outbox-job";
import { jobHandlers, type OutboxJob } from "./job-handlers";
import { runOutboxOnce } from "./run-outbox";

type Payload = { n: number; fail?: boolean };
const KIND = `test.${unique("batch")}`;
const runs: OutboxJob[] = [];
/** Called at the start of each run (a test sets it to act in the middle of a pass). */
let during: ((job: OutboxJob) => Promise<void>) | undefined;
jobHandlers[KIND] = {
  run: async (job) => {
    runs.push(job);
    await during?.(job);
    if ((job.payload as Payload).fail) throw new Error(`job ${(job.payload as Payload).n} failed`);
  },
};
afterAll(() => {
  delete jobHandlers[KIND];
});

async function enqueueMany(count: number, fail: (n: number) => boolean = () => false): Promise<string[]> {
  // One at a time: each gets a later run_after, so a pass takes them in this order.
  const ids: string[] = [];
  for (let n = 0; n < count; n++) ids.push(await db().$transaction((tx) => enqueueOutboxJob(tx, { env: "sandbox", kind: KIND, payload: { n, fail: fail(n) } })));
  return ids;
}
const runsOf = (ids: string[]) => runs.filter((job) => ids.includes(job.id));
/** The jobs' rows, in the order of `ids`. */
async function jobsOf(ids: string[]) {
  const rows = await db().outboxJob.findMany({ where: { id: { in: ids } } });
  return ids.map((id) => rows.find((row) => row.id === id)!);
}

describe("outbox passes", () => {
  it("retries a failing job alone: the other jobs of its pass are done, all recorded by one commit", async () => {
    const ids = await enqueueMany(5, (n) => n === 2);
    expect(await runOutboxOnce({ jobIds: ids, batchSize: 5 })).toEqual({ done: 4, retried: 1, failed: 0 });
    const jobs = await jobsOf(ids);
    expect(jobs.map((job) => [job.status, job.attempts])).toEqual([["done", 1], ["done", 1], ["pending", 1], ["done", 1], ["done", 1]]);
    expect(jobs[2]!.lastError).toBe("job 2 failed");
    expect(jobs[2]!.runAfter.getTime()).toBeGreaterThan(Date.now() + 2_000);
    // updated_at is now(), the transaction's time: one value means one pass, one commit.
    expect(new Set(jobs.map((job) => job.updatedAt.getTime())).size).toBe(1);
    expect(runsOf(ids).map((job) => job.id)).toEqual(ids);
  });

  it("hands a pass's jobs back when its connection is lost mid-pass: they run again (at least once)", async () => {
    const ids = await enqueueMany(3);
    during = async (job) => {
      if (job.id !== ids[1] || runsOf(ids).length !== 2) return;
      await terminateHolderOf(job.id);
    };
    try {
      await expect(runOutboxOnce({ jobIds: ids, batchSize: 3 })).rejects.toThrow();
    } finally {
      during = undefined;
    }
    // Nothing recorded: every job is pending and due again, its attempt not counted.
    expect((await jobsOf(ids)).map((job) => [job.status, job.attempts])).toEqual([["pending", 0], ["pending", 0], ["pending", 0]]);
    expect(await runOutboxOnce({ jobIds: ids, batchSize: 3 })).toEqual({ done: 3, retried: 0, failed: 0 });
    // The two that ran before the loss ran again.
    const runCount = (id: string) => runsOf(ids).filter((job) => job.id === id).length;
    expect([runCount(ids[0]!), runCount(ids[1]!)]).toEqual([2, 2]);
    expect((await jobsOf(ids)).map((job) => [job.status, job.attempts])).toEqual([["done", 1], ["done", 1], ["done", 1]]);
  });

  it("never gives one job to two workers: another worker takes the jobs a pass does not hold", async () => {
    const ids = await enqueueMany(6);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let heldPass!: () => void;
    const held = new Promise<void>((resolve) => (heldPass = resolve));
    during = async (job) => {
      if (job.id !== ids[0]) return;
      heldPass();
      await gate;
    };
    try {
      // The first worker's pass holds the first three jobs while it runs the first.
      const first = runOutboxOnce({ jobIds: ids, batchSize: 3, limit: 3 });
      await held;
      expect(await runOutboxOnce({ jobIds: ids, batchSize: 10 })).toEqual({ done: 3, retried: 0, failed: 0 });
      release();
      expect(await first).toEqual({ done: 3, retried: 0, failed: 0 });
    } finally {
      during = undefined;
    }
    expect(runsOf(ids).map((job) => job.id).sort()).toEqual([...ids].sort());
    expect(runsOf(ids).slice(1, 4).map((job) => job.id)).toEqual(ids.slice(3));
  });

  it("runs each job once with several workers in small passes at the same time", async () => {
    const ids = await enqueueMany(20);
    const results = await Promise.all([1, 2, 3].map(() => runOutboxOnce({ jobIds: ids, batchSize: 2 })));
    expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(20);
    expect(runsOf(ids).map((job) => job.id).sort()).toEqual([...ids].sort());
  });

  it("a stopping worker finishes the job in progress and hands the rest of its pass back, still due", async () => {
    const ids = await enqueueMany(4);
    let stopping = false;
    during = async (job) => {
      if (job.id === ids[0]) stopping = true;
    };
    try {
      expect(await runOutboxOnce({ jobIds: ids, batchSize: 4, shouldStop: () => stopping })).toEqual({ done: 1, retried: 0, failed: 0 });
    } finally {
      during = undefined;
    }
    const jobs = await jobsOf(ids);
    expect(jobs.map((job) => [job.status, job.attempts])).toEqual([["done", 1], ["pending", 0], ["pending", 0], ["pending", 0]]);
    expect(await runOutboxOnce({ jobIds: ids })).toEqual({ done: 3, retried: 0, failed: 0 });
    expect(runsOf(ids).map((job) => job.id)).toEqual(ids);
  });

  it("prepares a kind once per pass with all its jobs; a job prepare has no answer for, or a failed prepare, runs alone", async () => {
    const kind = `test.${unique("prepared")}`;
    const prepared: string[][] = [];
    const ranPrepared: string[] = [];
    const ranAlone: string[] = [];
    let failPrepare = false;
    jobHandlers[kind] = {
      run: async (job) => void ranAlone.push(job.id),
      prepare: async (jobs) => {
        prepared.push(jobs.map((job) => job.id));
        if (failPrepare) throw new Error("prepare failed");
        // No answer for the job with n = 1: it runs through run.
        return (job) => ((job.payload as Payload).n === 1 ? undefined : Promise.resolve(void ranPrepared.push(job.id)));
      },
    };
    try {
      const enqueue = (n: number) => db().$transaction((tx) => enqueueOutboxJob(tx, { env: "sandbox", kind, payload: { n } }));
      const ids = [await enqueue(0), await enqueue(1), await enqueue(2)];
      const others = await enqueueMany(2);
      expect(await runOutboxOnce({ jobIds: [...ids, ...others], batchSize: 5 })).toEqual({ done: 5, retried: 0, failed: 0 });
      expect(prepared).toEqual([ids]);
      expect(ranPrepared).toEqual([ids[0], ids[2]]);
      expect(ranAlone).toEqual([ids[1]]);
      expect(runsOf(others).map((job) => job.id)).toEqual(others);

      failPrepare = true;
      const more = [await enqueue(3), await enqueue(4)];
      expect(await runOutboxOnce({ jobIds: more, batchSize: 5 })).toEqual({ done: 2, retried: 0, failed: 0 });
      expect(prepared).toEqual([ids, more]);
      expect(ranAlone).toEqual([ids[1], ...more]);
    } finally {
      delete jobHandlers[kind];
    }
  });
});

/**
 * Ends the database connection of the worker holding the job's row, as a crash or a network loss
 * would: another connection waits for the row, and the database names the one it waits for.
 */
async function terminateHolderOf(jobId: string): Promise<void> {
  const waiter = await pool().connect();
  waiter.on("error", () => undefined);
  try {
    await waiter.query("begin");
    const { rows } = await waiter.query<{ pid: number }>("select pg_backend_pid() as pid");
    const waiting = waiter.query("select id from outbox_jobs where id = $1 for update", [jobId]);
    let holders: number[] = [];
    while (holders.length === 0) {
      const blocking = await pool().query<{ pids: number[] }>("select pg_blocking_pids($1) as pids", [rows[0]!.pid]);
      holders = blocking.rows[0]!.pids;
    }
    await pool().query("select pg_terminate_backend(pid) from unnest($1::int[]) as pid", [holders]);
    await waiting;
    await waiter.query("rollback");
  } finally {
    waiter.release();
  }
}
