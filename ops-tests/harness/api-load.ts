// Steady API traffic for the topology and signal tests, and the check afterwards that no
// acknowledged write was lost. Each client loops: track one unit with its own idempotency key
// (twice out of three), or get-or-create a new customer with an Idempotency-Key header. Every
// answer is recorded (status, latency, Retry-After); a network error is status 0.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { displayPrefix, generateSecretKey, hashSecretKey } from "../../lib/api-keys/secret";

export type Fixture = { secret: string; featureId: string; planId: string; customers: string[] };

/** An API key, a metered feature and a plan granting plenty of it (as e2e/robustness/chaos does). */
export async function arrange(databaseUrl: string): Promise<Fixture> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const tag = randomBytes(4).toString("hex");
    const secret = generateSecretKey("sandbox");
    await db.query(`insert into api_keys (id, env, name, prefix, hash) values ($1, 'sandbox', 'ops', $2, $3)`, [`key_ops${tag}`, displayPrefix(secret), hashSecretKey(secret)]);
    const featureId = `calls_${tag}`;
    const planId = `ops_${tag}`;
    await db.query(`insert into features (id, env, feature_id, name, type, event_names, updated_at) values ($1, 'sandbox', $2, 'Calls', 'single_use', '{}', now())`, [`fea_ops${tag}`, featureId]);
    await db.query(`insert into plans (id, env, plan_id, name, updated_at) values ($1, 'sandbox', $2, 'Ops', now())`, [`pln_ops${tag}`, planId]);
    await db.query(`insert into plan_versions (id, plan_pk, version) values ($1, $2, 1)`, [`plv_ops${tag}`, `pln_ops${tag}`]);
    await db.query(`insert into plan_items (id, plan_version_id, feature_pk, included, unlimited, reset_interval) values ($1, $2, $3, 1000000, false, 'none')`, [
      `pit_ops${tag}`,
      `plv_ops${tag}`,
      `fea_ops${tag}`,
    ]);
    return { secret, featureId, planId, customers: [0, 1, 2, 3].map((n) => `ops_customer_${n}_${tag}`) };
  } finally {
    await db.end();
  }
}

export async function call(base: string, secret: string, path: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = 20_000) {
  const started = Date.now();
  try {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: response.status, json, retryAfter: response.headers.get("retry-after"), ms: Date.now() - started };
  } catch (error) {
    return { status: 0, json: { error: String(error) } as Record<string, unknown>, retryAfter: null, ms: Date.now() - started };
  }
}

/** Customers exist and have the plan before the load starts. */
export async function prepareCustomers(base: string, fixture: Fixture) {
  for (const customerId of fixture.customers) {
    for (const [path, body] of [
      ["/v1/customers.get_or_create", { customer_id: customerId }],
      ["/v1/attach", { customer_id: customerId, plan_id: fixture.planId }],
    ] as const) {
      const answer = await call(base, fixture.secret, path, body);
      if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    }
  }
}

type Outcome = { op: "track" | "create"; key: string; status: number; ms: number; retryAfter: string | null; at: number };

export type LoadReport = {
  requests: number;
  byStatus: Record<string, number>;
  maxLatencyMs: number;
  p99LatencyMs: number;
  trackKeys: string[];
  trackAcknowledged: string[];
  createsAcknowledged: string[];
  creates: string[];
  outcomes: Outcome[];
};

export function startLoad(base: () => string, fixture: Fixture, concurrency: number) {
  const outcomes: Outcome[] = [];
  const trackBodies = new Map<string, Record<string, unknown>>();
  const creates: string[] = [];
  let stop = false;
  let sequence = 0;
  const worker = async (w: number) => {
    while (!stop) {
      const n = sequence++;
      if (n % 3 !== 2) {
        const key = `ops_${w}_${n}_${randomBytes(3).toString("hex")}`;
        const body = { customer_id: fixture.customers[n % fixture.customers.length], feature_id: fixture.featureId, value: 1, idempotency_key: key };
        trackBodies.set(key, body);
        const answer = await call(base(), fixture.secret, "/v1/track", body);
        outcomes.push({ op: "track", key, status: answer.status, ms: answer.ms, retryAfter: answer.retryAfter, at: Date.now() });
      } else {
        const id = `ops_new_${n}_${randomBytes(3).toString("hex")}`;
        creates.push(id);
        const answer = await call(base(), fixture.secret, "/v1/customers.get_or_create", { customer_id: id, name: "Ops" }, { "idempotency-key": `create-${id}` });
        outcomes.push({ op: "create", key: id, status: answer.status, ms: answer.ms, retryAfter: answer.retryAfter, at: Date.now() });
      }
      // A polite client backs off a little after an error.
      if (outcomes.at(-1)!.status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
  };
  const running = Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return {
    outcomes,
    trackBodies,
    async stop(): Promise<LoadReport> {
      stop = true;
      await running;
      const byStatus: Record<string, number> = {};
      for (const x of outcomes) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
      const latencies = outcomes.map((x) => x.ms).sort((a, b) => a - b);
      return {
        requests: outcomes.length,
        byStatus,
        maxLatencyMs: latencies.at(-1) ?? 0,
        p99LatencyMs: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
        trackKeys: [...trackBodies.keys()],
        trackAcknowledged: outcomes.filter((x) => x.op === "track" && x.status === 200).map((x) => x.key),
        createsAcknowledged: outcomes.filter((x) => x.op === "create" && x.status === 200).map((x) => x.key),
        creates,
        outcomes,
      };
    },
  };
}

/** How many times each track key was applied, and which acknowledged customers exist. */
export async function countWrites(databaseUrl: string, report: Pick<LoadReport, "trackKeys" | "createsAcknowledged">) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows: events } = await db.query<{ key: string; n: number }>(
      `select idempotency_key as key, count(*)::int as n from usage_events where idempotency_key = any($1) group by idempotency_key`,
      [report.trackKeys],
    );
    const { rows: customers } = await db.query<{ external_id: string; n: number }>(
      `select external_id, count(*)::int as n from customers where env = 'sandbox' and external_id = any($1) group by external_id`,
      [report.createsAcknowledged],
    );
    return { applied: new Map(events.map((e) => [e.key, e.n])), customers: new Map(customers.map((c) => [c.external_id, c.n])) };
  } finally {
    await db.end();
  }
}

/** Acknowledged writes that are missing or applied more than once (empty when all is well). */
export async function lostOrDoubled(databaseUrl: string, report: Pick<LoadReport, "trackKeys" | "trackAcknowledged" | "createsAcknowledged">): Promise<string[]> {
  const { applied, customers } = await countWrites(databaseUrl, report);
  const problems: string[] = [];
  for (const key of report.trackAcknowledged) if (applied.get(key) !== 1) problems.push(`acknowledged track ${key} applied ${applied.get(key) ?? 0} times`);
  for (const key of report.trackKeys) if ((applied.get(key) ?? 0) > 1) problems.push(`track ${key} applied ${applied.get(key)} times`);
  for (const id of report.createsAcknowledged) if (customers.get(id) !== 1) problems.push(`acknowledged customer ${id} exists ${customers.get(id) ?? 0} times`);
  return problems;
}
