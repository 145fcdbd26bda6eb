// get-or-create's one-statement claim writes what the transaction's claim writes (row, audit
// event, CUSTOMER_CLAIMED's jobs), only while the pending row is as it was read, once under
// races; and a pending customer committed just before get-or-create writes is claimed, never
// duplicated (the check is part of the INSERT).
import { afterEach, describe, expect, it, vi } from "vitest";
import type pg from "pg";
import { db, pool } from "@/lib/db";
import { createStaffUser, createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx, auditEventsOf } from "@/tests/factories/customers";
import { CUSTOMER_CLAIMED_SUBSCRIBERS } from "@/lib/outbox/domain-events";
import { actorId, actorLabel } from "@/lib/context";
import { apiRoute } from "@/lib/api/api-route";
import { idempotencyFailpoints } from "@/lib/api/idempotency-key";
import { createTestApiKey } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { claimInOneStatement, claimLockedPendingCustomer, claimWrites, type PendingCustomer } from "./claim-customer";
import { createPaidTestPlan } from "@/tests/factories/billing";
import { enableBilledPlan } from "@/lib/billing/lifecycle/enable-billed-plan";
import { newId } from "@/lib/ids";
import { getOrCreateCustomer, getOrCreateCustomerRecord } from "./get-or-create-customer";
import { getOrCreateCustomerInput } from "./schemas";

const email = (prefix = "c") => `${unique(prefix)}@claims.test`;

/** A pending customer; owned by a staff member unless `owner` is false (the claim's alert then has nobody to tell). */
async function pendingCustomer(address: string, name: string | null = null, owner = true): Promise<PendingCustomer> {
  const row = await createTestCustomer({ externalId: null, email: address });
  return db().customer.update({ where: { id: row.id }, data: { name, ownerId: owner ? (await createStaffUser()).id : null } });
}

const jobsOf = (customerId: string) =>
  db().outboxJob.findMany({ where: { dedupeKey: { in: Object.values(CUSTOMER_CLAIMED_SUBSCRIBERS).map((kind) => `${kind}:${customerId}`) } }, orderBy: { kind: "asc" } });
/**
 * The claim's jobs these tests decide: the owner's alert and waiting billing's start. Whether an
 * endpoint listens for customer.claimed depends on other test files sharing the database, so the
 * webhooks job is left out here (webhooks-out.db.test.ts delivers one).
 */
const decidedJobsOf = async (customerId: string) => (await jobsOf(customerId)).filter((job) => job.kind !== CUSTOMER_CLAIMED_SUBSCRIBERS.webhooks);
const ALERT_ONLY = [CUSTOMER_CLAIMED_SUBSCRIBERS.ownerAlert];

afterEach(() => {
  vi.restoreAllMocks();
  idempotencyFailpoints.beforeCommit = undefined;
});

describe("claimInOneStatement", () => {
  it("writes the row, the claim's audit event and a CUSTOMER_CLAIMED job per subscriber with something to do", async () => {
    const ctx = apiKeyCtx();
    const pending = await pendingCustomer(email());
    const id = unique("user");
    const claimed = await claimInOneStatement(ctx, pending, { externalId: id, name: "Ada", matchedBy: "api" });
    expect(claimed).toMatchObject({ id: pending.id, externalId: id, name: "Ada", email: pending.email, claimedByKind: "api_key", claimMatchedBy: "api" });
    expect(claimed!.claimedAt).toBeInstanceOf(Date);
    const row = await db().customer.findUniqueOrThrow({ where: { id: pending.id } });
    expect(row).toMatchObject({ ...claimed, claimedById: actorId(ctx.actor), claimedByLabel: actorLabel(ctx.actor) });

    // The same writes the transaction's claim decides (claimWrites), from the row as stored.
    const writes = claimWrites(ctx, pending, { externalId: id, name: "Ada", matchedBy: "api" }, row.claimedAt!);
    const events = await auditEventsOf(pending.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ ...writes.audit(row), env: "sandbox", actorKind: "api_key", requestId: ctx.requestId });
    expect(events[0]).toMatchObject({ before: { id: null, name: null }, after: { id, name: "Ada", matched_by: "api" } });

    const jobs = await decidedJobsOf(pending.id);
    expect(jobs.map((job) => job.kind)).toEqual(ALERT_ONLY);
    for (const job of jobs) expect(job).toMatchObject({ env: "sandbox", status: "pending", payload: writes.event(row), dedupeKey: `${job.kind}:${pending.id}` });
  });

  it("claims nothing once the row is no longer as it was read, or has a Stripe link", async () => {
    const ctx = apiKeyCtx();
    const renamed = await pendingCustomer(email());
    await db().customer.update({ where: { id: renamed.id }, data: { name: "Renamed meanwhile" } });
    expect(await claimInOneStatement(ctx, renamed, { externalId: unique("user"), name: "Ada", matchedBy: "api" })).toBeUndefined();

    const linked = await pendingCustomer(email());
    expect(await claimInOneStatement(ctx, { ...linked, stripeId: "cus_linked" }, { externalId: unique("user"), matchedBy: "api" })).toBeUndefined();

    for (const customer of [renamed, linked]) {
      expect(await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({ externalId: null, claimedAt: null });
      expect(await auditEventsOf(customer.id)).toHaveLength(0);
      expect(await jobsOf(customer.id)).toHaveLength(0);
    }
  });

  it("of 20 concurrent claims of one pending customer, exactly one writes", async () => {
    const pending = await pendingCustomer(email());
    const ids = Array.from({ length: 20 }, (_, i) => unique(`race${i}`));
    const results = await Promise.all(ids.map((id) => claimInOneStatement(apiKeyCtx(), pending, { externalId: id, matchedBy: "api" })));
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    expect(await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ externalId: winners[0]!.externalId });
    expect(await auditEventsOf(pending.id)).toHaveLength(1);
    expect((await decidedJobsOf(pending.id)).map((job) => job.kind)).toEqual(ALERT_ONLY);
  });
});

describe("the claim's jobs: only the subscribers with something to do get one", () => {
  const claimInTransaction = (pending: PendingCustomer) =>
    db().$transaction(async (tx) => {
      const locked = await tx.customer.findUniqueOrThrow({ where: { id: pending.id } });
      return claimLockedPendingCustomer(tx, apiKeyCtx(), locked, { externalId: unique("user"), matchedBy: "api" });
    });

  it("no owner and no billing waiting: neither the alert nor billing's start, in one statement or a transaction", async () => {
    for (const claim of [(p: PendingCustomer) => claimInOneStatement(apiKeyCtx(), p, { externalId: unique("user"), matchedBy: "api" }), claimInTransaction]) {
      const pending = await pendingCustomer(email(), null, false);
      expect(await claim(pending)).toMatchObject({ id: pending.id, claimedAt: expect.any(Date) });
      expect(await decidedJobsOf(pending.id)).toEqual([]);
    }
    // With an owner, the transaction's claim writes the alert as the statement's does.
    const owned = await pendingCustomer(email());
    await claimInTransaction(owned);
    expect((await decidedJobsOf(owned.id)).map((job) => job.kind)).toEqual(ALERT_ONLY);
  });

  it("invoice billing waiting for the claim: billing's start, in one statement or a transaction", async () => {
    const { plan } = await createPaidTestPlan();
    for (const claim of [(p: PendingCustomer) => claimInOneStatement(apiKeyCtx(), p, { externalId: unique("user"), matchedBy: "api" }), claimInTransaction]) {
      const pending = await pendingCustomer(email(), null, false);
      const { customerPlan } = await enableBilledPlan(await staffCtx(), { customerId: pending.id, planId: plan.id, options: {}, billing: { mode: "invoice" } });
      expect(customerPlan).toMatchObject({ billingState: "waiting" });
      await claim(pending);
      expect((await decidedJobsOf(pending.id)).map((job) => job.kind)).toEqual([CUSTOMER_CLAIMED_SUBSCRIBERS.startBilling]);
    }
  });

  it("an enabled endpoint listening for customer.claimed: the webhooks job", async () => {
    // In live, and gone right after: other test files' sandbox claims do not see it.
    const endpoint = await db().webhookEndpoint.create({ data: { id: newId("wep"), env: "live", url: "http://127.0.0.1:9/hook", secret: "whsec_test", eventTypes: ["customer.claimed"] } });
    try {
      const row = await createTestCustomer({ env: "live", externalId: null, email: email() });
      await claimInOneStatement(apiKeyCtx("live"), row, { externalId: unique("user"), matchedBy: "api" });
      expect((await jobsOf(row.id)).map((job) => job.kind)).toEqual([CUSTOMER_CLAIMED_SUBSCRIBERS.webhooks]);
      await db().outboxJob.deleteMany({ where: { kind: CUSTOMER_CLAIMED_SUBSCRIBERS.webhooks, dedupeKey: `${CUSTOMER_CLAIMED_SUBSCRIBERS.webhooks}:${row.id}` } });
    } finally {
      await db().webhookEndpoint.delete({ where: { id: endpoint.id } });
    }
  });
});

describe("get-or-create's claim through the API", () => {
  it("claims by email in one statement and answers the claimed customer; the id then finds it", async () => {
    const ctx = apiKeyCtx();
    const address = email("Claim");
    const pending = await pendingCustomer(address, "Kept");
    const id = unique("user");
    const result = await getOrCreateCustomerRecord(ctx, { customer_id: id, name: "Ignored", email: ` ${address.toUpperCase()} ` });
    expect(result).toMatchObject({ outcome: "claimed", customer: { id: pending.id, externalId: id, name: "Kept", claimMatchedBy: "api" } });
    expect((await auditEventsOf(pending.id)).map((e) => [e.action, e.before, e.after])).toEqual([["customer.claimed", { id: null }, { id, matched_by: "api" }]]);
    expect((await decidedJobsOf(pending.id)).map((job) => job.kind)).toEqual(ALERT_ONLY);
    expect(await getOrCreateCustomerRecord(ctx, { customer_id: id, email: address })).toMatchObject({ outcome: "existing", customer: { id: pending.id } });
  });

  it("a pending customer committed after get-or-create looked the id up, before it writes, is claimed, not duplicated", async () => {
    const ctx = apiKeyCtx();
    const address = email("late");
    const id = unique("user");
    // Provoke the race: the pending customer commits just before get-or-create's first write
    // statement is sent (after its lookups). A check read apart from the insert misses it.
    const real = pool().query.bind(pool()) as (...args: unknown[]) => Promise<pg.QueryResult>;
    let pendingId: string | undefined;
    vi.spyOn(pool(), "query").mockImplementation((async (...args: unknown[]) => {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string }).text;
      if (pendingId === undefined && text?.includes("insert into customers")) {
        pendingId = `cus_${unique("late")}`;
        await real(
          `insert into customers (id, env, email, email_normalized, metadata, updated_at, created_by_kind, created_by_label)
           values ($1, 'sandbox', $2, $3, '{}', now(), 'staff', 'test')`,
          [pendingId, address, address.toLowerCase()],
        );
      }
      return real(...args);
    }) as never);
    const result = await getOrCreateCustomerRecord(ctx, { customer_id: id, email: address });
    vi.restoreAllMocks();

    expect(pendingId).toBeDefined();
    expect(result).toMatchObject({ outcome: "claimed", customer: { id: pendingId, externalId: id } });
    expect(await db().customer.count({ where: { env: "sandbox", emailNormalized: address.toLowerCase() } })).toBe(1);
  });
});

describe("the claim with an Idempotency-Key", () => {
  const getOrCreate = apiRoute({ schema: getOrCreateCustomerInput }, ({ ctx, body }) => getOrCreateCustomer(ctx, body));

  it("commits with its answer: a cut before the commit claims nothing; the retry claims once and a repeat replays it", async () => {
    const key = await createTestApiKey();
    const address = email("idem");
    const pending = await pendingCustomer(address);
    const id = unique("user");
    const idempotencyKey = unique("idem");
    const send = () => getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: id, email: address }, headers: { "idempotency-key": idempotencyKey } }));

    // The request's connection is cut after the claim and its answer are written, before the COMMIT.
    let cuts = 0;
    idempotencyFailpoints.beforeCommit = async (client) => {
      idempotencyFailpoints.beforeCommit = undefined;
      const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
      await pool().query("select pg_terminate_backend($1)", [rows[0]!.pid]);
      cuts++;
    };
    const failed = await send();
    expect(cuts).toBe(1);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ externalId: null });
    expect(await auditEventsOf(pending.id)).toHaveLength(0);
    expect(await jobsOf(pending.id)).toHaveLength(0);

    const retried = await send();
    expect(retried.status).toBe(200);
    const answer = await retried.json();
    expect(answer).toMatchObject({ id, email: address });
    const replayed = await send();
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(await replayed.json()).toEqual(answer);
    expect(await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ externalId: id });
    expect((await auditEventsOf(pending.id)).map((e) => e.action)).toEqual(["customer.claimed"]);
    expect((await decidedJobsOf(pending.id)).map((job) => job.kind)).toEqual(ALERT_ONLY);
  });
});
