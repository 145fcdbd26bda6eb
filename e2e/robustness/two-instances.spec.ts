// Two production servers, one PostgreSQL. Concurrent get-or-create, claims, check-with-consume
// and track spread over both instances keep every guarantee: one customer per id, one claim,
// exact balances, idempotency keys honoured across instances.
import { expect, sql, test, uniqueSuffix } from "../fixtures";
import { createApiKey, type TestApiKey } from "../fixtures-api";
import { createFeature, createPlan } from "../api-entitlements/catalog";
import { startSecondInstance } from "../harness/two-instances";
import type { AppServer } from "../harness/app-server";

test.describe.configure({ mode: "serial" });

let instanceB: AppServer;
let key: TestApiKey;
let bases: [string, string];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  instanceB = await startSecondInstance();
  bases = [process.env.E2E_BASE_URL!, instanceB.url];
  key = await createApiKey("sandbox");
});

test.afterAll(async () => {
  await instanceB?.stop();
});

/** Request `n` goes to instance n % 2. */
async function call(n: number, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${bases[n % 2]}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const internalIdOf = async (externalId: string) =>
  (await sql<{ id: string }>(`select id from customers where env = 'sandbox' and external_id = $1`, [externalId])).map((r) => r.id);

test("both instances answer, from the same database", async () => {
  const id = `two_${uniqueSuffix()}`;
  expect((await call(0, "/v1/customers.get_or_create", { customer_id: id, name: "On A" })).status).toBe(200);
  const fromB = await call(1, "/v1/customers.get", { customer_id: id });
  expect(fromB).toMatchObject({ status: 200, body: { id, name: "On A" } });
});

test("concurrent get-or-create of one id on both instances makes one customer, and every caller gets it", async () => {
  const id = `goc_${uniqueSuffix()}`;
  const answers = await Promise.all(Array.from({ length: 24 }, (_, n) => call(n, "/v1/customers.get_or_create", { customer_id: id, email: `${id}@example.test` })));
  expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200));
  expect(new Set(answers.map((a) => a.body.id))).toEqual(new Set([id]));
  expect(new Set(answers.map((a) => a.body.created_at)).size).toBe(1);
  expect(await internalIdOf(id)).toHaveLength(1);
});

test("a pending customer is claimed exactly once when sign-ups race on both instances", async () => {
  const email = `claim_${uniqueSuffix()}@example.test`;
  const pending = await call(0, "/v1/customers.get_or_create", { customer_id: null, email, name: "Pre-created by sales" });
  expect(pending.status).toBe(200);
  const [pendingRow] = await sql<{ id: string }>(`select id from customers where env = 'sandbox' and email_normalized = $1 and external_id is null`, [email]);

  // Ten different ids race for the one pending record; the email differs only in case and spaces.
  const ids = Array.from({ length: 10 }, (_, n) => `claimer_${n}_${uniqueSuffix()}`);
  const answers = await Promise.all(ids.map((id, n) => call(n, "/v1/customers.get_or_create", { customer_id: id, email: n % 2 ? ` ${email.toUpperCase()} ` : email })));
  expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));

  const claimed = await sql<{ external_id: string | null }>(`select external_id from customers where id = $1`, [pendingRow!.id]);
  expect(ids).toContain(claimed[0]!.external_id); // the pending record got exactly one of the ids...
  for (const id of ids) expect(await internalIdOf(id)).toHaveLength(1); // ...and every id is one customer
  const pendingLeft = await sql(`select 1 from customers where env = 'sandbox' and email_normalized = $1 and external_id is null`, [email]);
  expect(pendingLeft).toHaveLength(0);
  const claimEvents = await sql(`select 1 from audit_events where customer_id = $1 and action like '%claim%'`, [pendingRow!.id]);
  expect(claimEvents.length).toBeLessThanOrEqual(1);
});

test("check with send_event on both instances consumes exactly the balance, never more", async () => {
  const feature = await createFeature("sandbox", "single_use");
  const plan = await createPlan("sandbox", { items: [{ featureId: feature, included: 20, resetInterval: "month" }] });
  const customerId = `consume_${uniqueSuffix()}`;
  await call(0, "/v1/customers.get_or_create", { customer_id: customerId });
  expect((await call(1, "/v1/attach", { customer_id: customerId, plan_id: plan })).status).toBe(200);

  const answers = await Promise.all(Array.from({ length: 40 }, (_, n) => call(n, "/v1/check", { customer_id: customerId, feature_id: feature, send_event: true })));
  expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
  expect(answers.filter((a) => a.body.allowed === true)).toHaveLength(20);

  const balance = await call(1, "/v1/check", { customer_id: customerId, feature_id: feature });
  expect(balance.body).toMatchObject({ allowed: false, balance: { granted: 20, usage: 20, remaining: 0 } });
});

test("track on both instances counts every event once, and an idempotency key once across instances", async () => {
  const feature = await createFeature("sandbox", "single_use");
  const plan = await createPlan("sandbox", { items: [{ featureId: feature, included: 1_000, resetInterval: "month" }] });
  const customerId = `track_${uniqueSuffix()}`;
  await call(0, "/v1/customers.get_or_create", { customer_id: customerId });
  await call(1, "/v1/attach", { customer_id: customerId, plan_id: plan });

  // 30 plain events of 2, and 10 keyed events of 5 each sent to both instances at once.
  const plain = Array.from({ length: 30 }, (_, n) => call(n, "/v1/track", { customer_id: customerId, feature_id: feature, value: 2 }));
  const keyed = Array.from({ length: 10 }, (_, k) => `evt_${k}_${uniqueSuffix()}`).flatMap((idempotencyKey) => [0, 1].map((n) => call(n, "/v1/track", { customer_id: customerId, feature_id: feature, value: 5, idempotency_key: idempotencyKey })));
  const answers = await Promise.all([...plain, ...keyed]);
  expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));

  const balance = await call(0, "/v1/check", { customer_id: customerId, feature_id: feature });
  expect(balance.body).toMatchObject({ balance: { usage: 30 * 2 + 10 * 5, remaining: 1_000 - 110 } });
  const [events] = await sql<{ n: number }>(
    `select count(*)::int as n from usage_events u join customers c on c.id = u.customer_id where c.env = 'sandbox' and c.external_id = $1`,
    [customerId],
  );
  expect(events!.n).toBe(40);
});

test("an Idempotency-Key header replays across instances: the work is done once", async () => {
  const idempotencyKey = `idem_${uniqueSuffix()}`;
  const id = `idem_${uniqueSuffix()}`;
  const answers = await Promise.all(
    Array.from({ length: 8 }, (_, n) => call(n, "/v1/customers.get_or_create", { customer_id: id, name: "Once" }, { "idempotency-key": idempotencyKey })),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
  expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  const created = await sql(`select 1 from audit_events a join customers c on c.id = a.customer_id where c.external_id = $1 and a.action = 'customer.created'`, [id]);
  expect(created).toHaveLength(1);
});

test("the per-key rate limit is shared: two instances together allow one quota", async () => {
  // Two more instances with a small quota keep this short; they share the database with the rest.
  const quota = 20;
  const [c, d] = await Promise.all([
    startSecondInstance("app-c", { API_RATE_LIMIT_PER_MINUTE: String(quota) }),
    startSecondInstance("app-d", { API_RATE_LIMIT_PER_MINUTE: String(quota) }),
  ]);
  try {
    const limitedKey = await createApiKey("sandbox");
    const hit = async (base: string) =>
      (await fetch(`${base}/v1/customers.list`, { method: "POST", headers: { authorization: `Bearer ${limitedKey.secret}`, "content-type": "application/json" }, body: "{}" })).status;
    // The count is per minute: start in a fresh window if this one is nearly over.
    const seconds = new Date().getSeconds();
    if (seconds > 40) await new Promise((r) => setTimeout(r, (61 - seconds) * 1000));
    const statuses: number[] = [];
    for (let round = 0; round < quota; round++) {
      statuses.push(...(await Promise.all([hit(c.url), hit(d.url)])));
      // Each instance writes its count every 250 ms and reads the shared total back.
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    const allowed = statuses.filter((s) => s === 200).length;
    // Twice the quota was asked for: alone, each instance would have allowed its own full quota.
    // Shared, the total is the quota, plus at most what the other instance did since a flush.
    expect(allowed).toBeGreaterThanOrEqual(quota);
    expect(allowed).toBeLessThanOrEqual(quota + 4);
  } finally {
    await Promise.all([c.stop(), d.stop()]);
  }
});
