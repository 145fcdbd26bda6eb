// What each kind of outbox job does. The outbox knows the kinds (domain-events.ts) but not who
// handles them: each area registers its handlers at the composition point
// (lib/composition/wire-areas.ts), so the outbox imports no area and no area imports another to
// react to it. A handler must be safe to run more than once for the same job (a crash after the
// work but before the commit runs it again): it reads the current state when it runs and makes
// the other side match it.
import "server-only";
import type { Env, Prisma } from "@/lib/generated/prisma";

export type OutboxJob = { id: string; env: Env; kind: string; payload: unknown; attempt: number };

export type OutboxJobHandler = {
  run(job: OutboxJob): Promise<void>;
  /** A failure that retrying cannot fix: the job is marked failed at once. */
  isPermanent?(error: unknown): boolean;
  /**
   * Optional: given the jobs of this kind one pass took, before the first of them runs, reads what
   * they all need in one statement (instead of one per job, run-outbox.ts) and answers how to run
   * each. A job is still run (and fails or succeeds) on its own; when `prepare` fails, or answers
   * undefined for a job, that job goes through `run` as it would alone.
   */
  prepare?(jobs: OutboxJob[]): Promise<PreparedRun>;
  /**
   * Optional, for a subscriber of a domain event: whether a job would have anything to do, decided
   * where the job is written (outboxJobsInsert): false writes none, true writes it, and SQL (a
   * boolean over the database as the writing statement sees it) writes it only when true. A claim
   * writes a job per subscriber, and most have nothing to do (no owner to alert, no endpoint
   * listening, no billing waiting): each such job cost an insert, a worker's pass and an update.
   * The handler still decides for itself when it runs (what it reads may change in between).
   * enqueueOutboxJob (a job that is the work itself, not a reaction) does not ask.
   */
  wanted?(job: Pick<OutboxJob, "env" | "payload">): boolean | Prisma.Sql;
};

/** A job's run with what `prepare` read, or undefined: run it through `run`. */
export type PreparedRun = (job: OutboxJob) => Promise<void> | undefined;

// On globalThis: Next.js may load this module more than once in one server (instrumentation and
// route bundles), and the handlers registered at start-up must be the ones every copy sees.
type HandlerGlobals = { __equinoxOutboxHandlers?: Record<string, OutboxJobHandler> };
const globals = globalThis as typeof globalThis & HandlerGlobals;

/** The registered handlers by kind (tests add their own kinds here). */
export const jobHandlers: Record<string, OutboxJobHandler> = (globals.__equinoxOutboxHandlers ??= {});

/** Registers an area's handlers; registering the same handlers again is harmless. */
export function registerJobHandlers(handlers: Record<string, OutboxJobHandler>): void {
  Object.assign(jobHandlers, handlers);
}
