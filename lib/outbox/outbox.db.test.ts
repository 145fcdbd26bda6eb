// The outbox: jobs written in a transaction, run by workers that never take the same job twice,
// retried with backoff, failed visibly when retrying cannot help.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { createTestCustomer, unique } from "@/tests/factories";
import { apiKeyCtx } from "@/tests/factories/customers";
import { testStripe } from "@/tests/factories/billing";
import { deleteCustomer } from "@/lib/customers/delete-customer";
import { ensureStripeCustomer } from "@/lib/billing/ensure-stripe-customer";
import { isStripeRefusal } from "@/lib/billing/stripe-errors";
import { enqueueOutboxJob } from "./enqueue-outbox-job";
import { jobHandlers, type OutboxJob } from "./job-handlers";
import { MAX_ATTEMPTS, backoffDelayMs, runOutboxOnce } from "./run-outbox";

const KIND = `test.${unique("kind")}`;
const runs: OutboxJob[] = [];
let failWith: unknown = null;
jobHandlers[KIND] = {
  run: async (job) => {
    runs.push(job);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (failWith) throw failWith;
  },
  isPermanent: isStripeRefusal,
};
afterAll(() => {
  delete jobHandlers[KIND];
});

const enqueue = (payload: object, dedupeKey?: string) => db().$transaction((tx) => enqueueOutboxJob(tx, { env: "sandbox", kind: KIND, payload, dedupeKey }));

describe("outbox", () => {
  it("runs each job once even with several workers at the same time", async () => {
    const ids = await Promise.all(Array.from({ length: 12 }, (_, n) => enqueue({ n })));
    const results = await Promise.all([runOutboxOnce({ jobIds: ids }), runOutboxOnce({ jobIds: ids }), runOutboxOnce({ jobIds: ids })]);
    expect(results.reduce((sum, r) => sum + r.done, 0)).toBe(12);
    expect(runs.filter((job) => ids.includes(job.id)).map((job) => job.id).sort()).toEqual([...ids].sort());
    expect(await db().outboxJob.count({ where: { id: { in: ids }, status: "done", attempts: 1 } })).toBe(12);
  });

  it("keeps only the latest pending job of a dedupe key", async () => {
    const key = unique("dedupe");
    await enqueue({ version: 1 }, key);
    const latest = await enqueue({ version: 2 }, key);
    const pending = await db().outboxJob.findMany({ where: { dedupeKey: key } });
    expect(pending.map((job) => [job.id, job.payload])).toEqual([[latest, { version: 2 }]]);
  });

  it("retries a failure later with a growing delay, then gives up visibly", async () => {
    const id = await enqueue({ flaky: true });
    failWith = new Error("the other side is down");
    try {
      expect(await runOutboxOnce({ jobIds: [id] })).toEqual({ done: 0, retried: 1, failed: 0 });
      const job = await db().outboxJob.findUniqueOrThrow({ where: { id } });
      expect(job).toMatchObject({ status: "pending", attempts: 1, lastError: "the other side is down" });
      expect(job.runAfter.getTime()).toBeGreaterThan(Date.now() + 2_000);
      // Not due yet: nothing runs.
      expect(await runOutboxOnce({ jobIds: [id] })).toEqual({ done: 0, retried: 0, failed: 0 });

      await db().outboxJob.update({ where: { id }, data: { attempts: MAX_ATTEMPTS - 1, runAfter: new Date(Date.now() - 1000) } });
      expect(await runOutboxOnce({ jobIds: [id] })).toEqual({ done: 0, retried: 0, failed: 1 });
      expect(await db().outboxJob.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    } finally {
      failWith = null;
    }
  });

  it("fails at once when Stripe refused the request", async () => {
    const id = await enqueue({ refused: true });
    failWith = new DomainError("stripe_error", "Stripe refused to update the customer: Invalid email address", { status: 400 });
    try {
      expect(await runOutboxOnce({ jobIds: [id] })).toEqual({ done: 0, retried: 0, failed: 1 });
      expect(await db().outboxJob.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "failed", attempts: 1, lastError: expect.stringContaining("Invalid email") });
    } finally {
      failWith = null;
    }
  });

  it("backs off exponentially up to an hour", () => {
    expect(backoffDelayMs(1)).toBeGreaterThanOrEqual(4_000);
    expect(backoffDelayMs(1)).toBeLessThanOrEqual(6_000);
    expect(backoffDelayMs(3)).toBeGreaterThanOrEqual(16_000);
    expect(backoffDelayMs(30)).toBeLessThanOrEqual(72 * 60_000);
  });

  it("deletes the Stripe customer after a delete with delete_in_stripe", async () => {
    const customer = await createTestCustomer();
    const { stripeId } = await ensureStripeCustomer(apiKeyCtx(), customer.id);
    await deleteCustomer(apiKeyCtx(), { customer_id: customer.externalId!, delete_in_stripe: true });
    const job = await db().outboxJob.findFirstOrThrow({ where: { dedupeKey: `stripe.customer.delete:${stripeId}` } });
    expect(await runOutboxOnce({ jobIds: [job.id] })).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await testStripe().customers.retrieve(stripeId)).toMatchObject({ id: stripeId, deleted: true });
  });
});
