// An Idempotency-Key answer commits with the write it answers: the connection is cut between
// the two (pg_terminate_backend of the request's own backend, after the write and the answer are
// written and before the COMMIT), and neither the write is lost (a retry does it, once) nor
// repeated (the retry after a successful request replays it).
import { afterEach, describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { createTestApiKey, unique } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { createMeteredPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { createTestCustomer } from "@/tests/factories";
import { apiRoute } from "./api-route";
import { idempotencyFailpoints } from "./idempotency-key";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { getOrCreateCustomerInput } from "@/lib/customers/schemas";
import { track } from "@/lib/balances/track";
import { trackSchema } from "@/lib/balances/schemas";

const getOrCreate = apiRoute({ schema: getOrCreateCustomerInput }, ({ ctx, body }) => getOrCreateCustomer(ctx, body));
const trackRoute = apiRoute({ schema: trackSchema }, ({ ctx, body }) => track(ctx, body));

/** Cuts the request's connection once, just before its COMMIT. */
function cutBeforeCommit() {
  let cuts = 0;
  idempotencyFailpoints.beforeCommit = async (client) => {
    idempotencyFailpoints.beforeCommit = undefined;
    const { rows } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
    await pool().query("select pg_terminate_backend($1)", [rows[0]!.pid]);
    cuts++;
  };
  return () => cuts;
}

const placeholders = async (key: string) =>
  (await pool().query<{ status: number }>(`select status from idempotency_records where scope = 'http' and key = $1`, [key])).rows.map((row) => row.status);

afterEach(() => {
  idempotencyFailpoints.beforeCommit = undefined;
});

describe("Idempotency-Key: the answer commits with the write", () => {
  it("get-or-create of a new id: a cut before the commit leaves neither customer nor answer; the retry creates it once and replays after", async () => {
    const key = await createTestApiKey();
    const idempotencyKey = unique("idem");
    const customerId = unique("user");
    const send = () =>
      getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: customerId, name: "Ada" }, headers: { "idempotency-key": idempotencyKey } }));
    const customers = async () => (await pool().query(`select id from customers where env = 'sandbox' and external_id = $1`, [customerId])).rows;
    const audits = async () =>
      (await pool().query(`select a.id from audit_events a join customers c on c.id = a.customer_id where c.external_id = $1 and a.action = 'customer.created'`, [customerId])).rows;

    const cuts = cutBeforeCommit();
    const failed = await send();
    expect(cuts()).toBe(1);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    // Not lost half-way: no customer, no audit event, and the key is free again.
    expect(await customers()).toEqual([]);
    expect(await placeholders(idempotencyKey)).toEqual([]);

    const retried = await send();
    expect(retried.status).toBe(200);
    const body = await retried.json();
    expect(body).toMatchObject({ id: customerId, name: "Ada" });
    expect(await customers()).toHaveLength(1);
    expect(await audits()).toHaveLength(1);
    expect(await placeholders(idempotencyKey)).toEqual([200]);

    const replayed = await send();
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(await replayed.json()).toEqual(body);
    expect(await customers()).toHaveLength(1);
  });

  it("track: a cut before the commit counts nothing; the retry counts once, and a replay does not count again", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const { feature, plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(customer.id, plan.id);
    const idempotencyKey = unique("idem");
    const send = () =>
      trackRoute(apiRequest("/v1/balances.track", { secret: key.secret, body: { customer_id: customer.externalId, feature_id: feature.id, value: 3 }, headers: { "idempotency-key": idempotencyKey } }));
    const usage = async () => {
      const events = await pool().query<{ total: number }>(`select coalesce(sum(value), 0)::float8 as total from usage_events where customer_id = $1`, [customer.id]);
      const grants = await pool().query<{ usage: number }>(`select coalesce(sum(usage), 0)::float8 as usage from grants where customer_id = $1`, [customer.id]);
      return { events: events.rows[0]!.total, grants: grants.rows[0]!.usage };
    };

    const cuts = cutBeforeCommit();
    expect((await send()).status).toBeGreaterThanOrEqual(500);
    expect(cuts()).toBe(1);
    expect(await usage()).toEqual({ events: 0, grants: 0 });
    expect(await placeholders(idempotencyKey)).toEqual([]);

    const retried = await send();
    expect(retried.status).toBe(200);
    const body = await retried.json();
    expect(body).toMatchObject({ value: 3, balance: { usage: 3, remaining: 7 } });
    expect(await usage()).toEqual({ events: 3, grants: 3 });

    const replayed = await send();
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(await replayed.json()).toEqual(body);
    expect(await usage()).toEqual({ events: 3, grants: 3 });
  });
});
