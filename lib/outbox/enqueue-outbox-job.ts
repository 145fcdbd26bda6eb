// Durable follow-up work: a job is written in the same transaction as the change it follows, so
// it exists if and only if the change committed, and the worker (run-outbox.ts) carries it out
// afterwards, retrying until it succeeds. Nothing is lost while the other side (Stripe) is down.
import "server-only";
import { Prisma, type Env } from "@/lib/generated/prisma";
import type { Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { jobHandlers } from "./job-handlers";

export type OutboxJobInput = {
  env: Env;
  /** What to do; a handler is registered for each kind in job-handlers.ts. */
  kind: string;
  payload: Prisma.InputJsonValue;
  /**
   * Jobs with the same key replace each other while pending: only the latest state matters
   * (a sync job reads the current row when it runs). A job that a worker is running right now is
   * left alone and completes; the new one runs after it.
   */
  dedupeKey?: string;
  /** Earliest time to run (default now). */
  runAfter?: Date;
};

export async function enqueueOutboxJob(tx: Tx, job: OutboxJobInput): Promise<string> {
  if (job.dedupeKey) {
    // SKIP LOCKED: a job locked by a running worker is in flight; waiting for it would hold this
    // transaction for as long as a Stripe call takes.
    await tx.$executeRaw`
      delete from outbox_jobs
       where id in (select id from outbox_jobs
                     where dedupe_key = ${job.dedupeKey} and status = 'pending'::"JobStatus"
                     for update skip locked)`;
  }
  const id = newId("job");
  await tx.outboxJob.create({
    data: { id, env: job.env, kind: job.kind, payload: job.payload, dedupeKey: job.dedupeKey ?? null, runAfter: job.runAfter ?? new Date() },
  });
  return id;
}

/**
 * The same jobs (and the same replacement of pending jobs with their keys) as enqueueOutboxJob,
 * as two parts of one statement: CTEs that run only when the CTE `source` of that statement has a
 * row (the change they follow). A hot path writes its change, audit event and jobs in one round trip.
 * A subscriber's `wanted` (job-handlers.ts) is honoured: a job it does not want is neither written
 * nor replaces a pending one.
 */
export function outboxJobsInsert(jobs: readonly OutboxJobInput[], source: string): { dedupe: Prisma.Sql; insert: Prisma.Sql } {
  const from = Prisma.raw(source);
  const kept = jobs.map((job) => ({ job, wanted: wantedCondition(job) })).filter(({ wanted }) => wanted !== false);
  // Nothing to write: CTEs that do nothing (the caller's statement keeps its shape).
  if (kept.length === 0) return { dedupe: Prisma.sql`select 1 where false`, insert: Prisma.sql`select 1 where false` };
  const now = new Date().toISOString();
  const rows = Prisma.sql`unnest(${kept.map(() => newId("job"))}::text[], ${kept.map(({ job }) => job.env)}::text[], ${kept.map(({ job }) => job.kind)}::text[],
                    ${kept.map(({ job }) => JSON.stringify(job.payload))}::text[], ${kept.map(({ job }) => job.dedupeKey ?? null)}::text[],
                    ${kept.map(({ job }) => (job.runAfter ? job.runAfter.toISOString() : now))}::timestamptz[])
             with ordinality as j(id, env, kind, payload, dedupe_key, run_after, n)`;
  // The jobs whose writing depends on the database: their conditions, by position.
  const conditions = kept.flatMap(({ wanted }, i) => (wanted === true ? [] : [Prisma.sql`when ${Prisma.raw(String(i + 1))} then (${wanted})`]));
  const wantedRows = conditions.length ? Prisma.sql` and case j.n ${Prisma.join(conditions, " ")} else true end` : Prisma.empty;
  return {
    dedupe: Prisma.sql`
      delete from outbox_jobs
       where id in (select id from outbox_jobs
                     where dedupe_key in (select j.dedupe_key from ${rows} where j.dedupe_key is not null${wantedRows})
                       and status = 'pending'::"JobStatus"
                     for update skip locked)
         and exists (select 1 from ${from})`,
    insert: Prisma.sql`
      insert into outbox_jobs (id, env, kind, payload, dedupe_key, run_after, updated_at)
      select j.id, j.env::"Env", j.kind, j.payload::jsonb, j.dedupe_key, j.run_after, now()
        from ${rows}
       where exists (select 1 from ${from})${wantedRows}`,
  };
}

/**
 * A subscriber's `wanted` for a job. The handlers are registered once per process (on globalThis),
 * but a Next.js build bundles the Prisma module into each of its layers: a condition built by the
 * registering layer's Prisma.sql is not an instance of this copy's Sql class, and Prisma.sql would
 * send it as a parameter (the portal's sign-in failed with "invalid input syntax for type boolean").
 * Such a condition is rebuilt with this copy's class from its strings and values.
 */
function wantedCondition(job: OutboxJobInput): boolean | Prisma.Sql {
  const wanted = jobHandlers[job.kind]?.wanted?.(job) ?? true;
  if (typeof wanted === "boolean") return wanted;
  // An Sql keeps its text parts and flattened values: the same condition, made by this copy.
  return Prisma.sql(wanted.strings as unknown as TemplateStringsArray, ...wanted.values);
}

/** outboxJobsInsert in a transaction, as a statement of its own (the change it follows is already written). */
export async function writeOutboxJobs(tx: Tx, jobs: readonly OutboxJobInput[]): Promise<void> {
  const { dedupe, insert } = outboxJobsInsert(jobs, "change");
  await tx.$executeRaw`with change as (select 1), replaced as (${dedupe}), inserted as (${insert}) select 1`;
}
