// The floor: the least a server can do to answer the benchmarked /v1 operations. A bare node:http
// server and one plain `pg` pool (as many connections as Equinox's), no framework, no ORM, no
// validation beyond JSON.parse. It authenticates the key with the same statement Equinox uses and
// then performs the same SQL as Equinox for each operation:
//   - get-or-create: the same reads, locks and writes in the same transaction (customer-sql.ts,
//     written by hand);
//   - check / track: Equinox's own one-statement hot path (lib/balances/usage-statement.ts), called
//     with this pool: the floor borrows the statement's text, not the framework around it.
// So Equinox/floor is the cost of everything around the SQL (Next.js routing, request parsing,
// validation, the ORM, error mapping) plus any SQL Equinox sends that the operation does not need;
// the benchmark counts statements per request on both sides to tell the two apart.
//
// One floor process; bench/floor/server.ts starts one or several (FLOOR_PROCESSES).
import http from "node:http";
import pg from "pg";
import { newId } from "../../lib/ids";
import { envOfSecretKey, hashSecretKey } from "../../lib/api-keys/secret";
import { normalizeEmail } from "../../lib/email/normalize-email";
import {
  CLAIM_CUSTOMER,
  DEFAULT_PLANS,
  INSERT_AUDIT,
  INSERT_CUSTOMER,
  LOCK_BY_EXTERNAL_ID,
  LOCK_PENDING_BY_EMAIL,
  SELECT_BY_EXTERNAL_ID,
  SELECT_PENDING_BY_EMAIL,
  shapeCustomer,
  type CustomerRow,
} from "./customer-sql";

const pool = new pg.Pool({
  connectionString: process.env.FLOOR_DATABASE_URL,
  max: Number(process.env.FLOOR_POOL_MAX ?? 10),
  application_name: "equinox-floor",
});
pool.on("error", (error) => console.error(`[floor] idle connection error: ${error.message}`));

// Equinox's usage statement runs through `pool()` from lib/db, which keeps its pool on globalThis:
// placing ours there first makes the statement run on the floor's plain pool (checked below).
(globalThis as { __equinoxDb?: { pool?: pg.Pool } }).__equinoxDb = { pool };
const { runUsageStatement } = await import("../../lib/balances/usage-statement");
const { pool: productPool } = await import("../../lib/db");
if (productPool() !== pool) throw new Error("floor: lib/db no longer keeps its pool on globalThis.__equinoxDb; update bench/floor/server.ts");

type Key = { id: string; env: "sandbox" | "live"; name: string; prefix: string };

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function authenticate(header: string | undefined): Promise<Key> {
  if (!header?.trim()) throw new HttpError(401, "no_secret_key", "Secret key not found in Authorization header");
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(header.trim())?.[1];
  const env = secret ? envOfSecretKey(secret) : undefined;
  if (!secret || !env) throw new HttpError(401, "invalid_secret_key", "Invalid secret key");
  // The statement Equinox's authenticateApiKey sends, prepared as Equinox prepares it.
  const { rows } = await pool.query({
    name: "floor_api_key_by_hash",
    text: `select id, env, name, prefix, revoked_at is not null as revoked,
                  (last_used_at is null or last_used_at < now() - interval '1 minute') as stale
             from api_keys where hash = $1`,
    values: [hashSecretKey(secret)],
  });
  const key = rows[0];
  if (!key || key.revoked || key.env !== env) throw new HttpError(401, "invalid_secret_key", "Invalid secret key");
  if (key.stale) void pool.query("update api_keys set last_used_at = now() where id = $1", [key.id]).catch(() => undefined);
  return key;
}

async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function snapshot(row: CustomerRow) {
  return JSON.stringify({ id: row.external_id, internal_id: row.id, name: row.name, email: row.email, stripe_id: row.stripe_id, pending: row.external_id === null });
}

async function getOrCreate(key: Key, body: Record<string, unknown>, requestId: string) {
  const customerId = (body.customer_id ?? body.id ?? null) as string | null;
  const name = typeof body.name === "string" && body.name.trim() ? body.name.trim() : null;
  const email = typeof body.email === "string" && body.email.trim() ? body.email.trim() : null;
  const emailNormalized = normalizeEmail(email);
  const label = `API key ${key.name} (${key.prefix})`;

  const find = customerId !== null ? [SELECT_BY_EXTERNAL_ID, customerId] : [SELECT_PENDING_BY_EMAIL, emailNormalized];
  // Prepared, as Equinox prepares its reads outside transactions (lib/db-rows.ts).
  const known = (await pool.query<CustomerRow>({ name: customerId !== null ? "floor_by_external_id" : "floor_pending_by_email", text: find[0]!, values: [key.env, find[1]] })).rows[0];
  if (known && !(!known.name && name) && !(!known.email && email)) return shapeCustomer(pool, known);

  const customer = await inTransaction(async (client) => {
    const lock = customerId !== null ? [LOCK_BY_EXTERNAL_ID, customerId] : [LOCK_PENDING_BY_EMAIL, emailNormalized];
    const existing = (await client.query<CustomerRow>(lock[0]!, [key.env, lock[1]])).rows[0];
    if (existing) return existing; // (the bench never sends fill-ins)

    if (customerId !== null && emailNormalized) {
      const pending = (await client.query<CustomerRow>(LOCK_PENDING_BY_EMAIL, [key.env, emailNormalized])).rows[0];
      if (pending) {
        const claimed = (await client.query<CustomerRow>(CLAIM_CUSTOMER, [pending.id, customerId, name, key.id, label])).rows[0]!;
        await client.query(INSERT_AUDIT, [newId("aud"), key.env, key.id, label, "customer.claimed", claimed.id, snapshot(claimed), JSON.stringify({ id: null }), JSON.stringify({ id: customerId }), requestId]);
        return claimed;
      }
    }

    const metadata = JSON.stringify(body.metadata ?? {});
    const created = (
      await client.query<CustomerRow>(INSERT_CUSTOMER, [newId("cus"), key.env, customerId, name, email, emailNormalized, body.fingerprint ?? null, null, metadata, false, key.id, label])
    ).rows[0];
    if (!created) throw new Error("floor: concurrent creation of the same id (the bench never sends one)");
    const defaults = await client.query(DEFAULT_PLANS, [key.env]);
    if (defaults.rowCount) throw new Error("floor: the floor does not enable default plans (the bench catalog has none)");
    const after = JSON.stringify({ id: created.external_id, name, email, fingerprint: created.fingerprint, stripe_id: null, metadata: created.metadata, send_email_receipts: false });
    await client.query(INSERT_AUDIT, [newId("aud"), key.env, key.id, label, "customer.created", created.id, snapshot(created), null, after, requestId]);
    return created;
  });
  return shapeCustomer(pool, customer);
}

async function usage(key: Key, body: Record<string, unknown>, mode: "check" | "track") {
  const customerId = String(body.customer_id);
  const featureId = String(body.feature_id);
  if (mode === "check") {
    const required = typeof body.required_balance === "number" ? body.required_balance : 1;
    const send = body.send_event === true;
    const row = await runUsageStatement({
      env: key.env,
      customerId,
      featureIds: [featureId],
      eventIds: [newId("use")],
      mode: send ? "consume" : "read",
      now: new Date(),
      requiredBalance: required,
      value: required,
    });
    if (!row.customer_api_id) throw new HttpError(404, "customer_not_found", `Customer ${customerId} not found`);
    if (row.transitions_due || row.reset_due) throw new Error("floor: changes due; the floor does not apply them");
    const isFlag = row.boolean_features.length > 0;
    return {
      allowed: isFlag ? row.flag !== null : send ? row.applied : row.sufficient,
      customer_id: row.customer_api_id,
      required_balance: required,
      balance: isFlag ? null : row.balance,
      flag: isFlag ? row.flag : null,
    };
  }
  const value = typeof body.value === "number" ? body.value : 1;
  const row = await runUsageStatement({
    env: key.env,
    customerId,
    featureIds: [featureId],
    eventIds: [newId("use")],
    mode: "track",
    now: new Date(),
    requiredBalance: 0,
    value,
    idempotency: null,
    eventName: null,
  });
  if (!row.customer_api_id) throw new HttpError(404, "customer_not_found", `Customer ${customerId} not found`);
  if (row.transitions_due || row.reset_due) throw new Error("floor: changes due; the floor does not apply them");
  return row.response;
}

/** plans.list for a customer: the plans with their current version and items, and the customer's plans. */
async function plansList(key: Key, body: Record<string, unknown>) {
  const customerId = String(body.customer_id);
  const [customer, plans] = await Promise.all([
    pool.query<{ id: string }>({ name: "floor_customer_pk", text: `select id from customers where env = $1 and external_id = $2`, values: [key.env, customerId] }),
    pool.query({
      name: "floor_plans_list",
      text: `select p.plan_id as id, p.name, p.description, p."group", p.is_default as auto_enable, p.is_add_on as add_on, pv.version,
                    case when pv.price_amount is null then null else json_build_object('amount', pv.price_amount, 'currency', pv.currency, 'interval', pv.price_interval) end as price,
                    coalesce(json_agg(json_build_object('feature_id', f.feature_id, 'included', pi.included, 'unlimited', pi.unlimited,
                                                        'reset_interval', pi.reset_interval) order by pi.id) filter (where pi.id is not null), '[]') as items
               from plans p
               join lateral (select v.* from plan_versions v where v.plan_pk = p.id order by v.version desc limit 1) pv on true
               left join plan_items pi on pi.plan_version_id = pv.id
               left join features f on f.id = pi.feature_pk
              where p.env = $1 and p.archived_at is null
              group by p.id, pv.id, pv.version, pv.price_amount, pv.currency, pv.price_interval
              order by p.created_at, p.id`,
      values: [key.env],
    }),
  ]);
  const pk = customer.rows[0]?.id;
  const owned = pk
    ? (await pool.query<{ plan_id: string; status: string }>({
        name: "floor_customer_plans",
        text: `select p.plan_id, cp.status from customer_plans cp join plans p on p.id = cp.plan_pk where cp.env = $1 and cp.customer_id = $2`,
        values: [key.env, pk],
      })).rows
    : [];
  return {
    list: plans.rows.map((plan: Record<string, unknown>) => ({
      ...plan,
      customer_eligibility: { status: owned.some((o) => o.plan_id === plan.id && o.status === "active") ? "active" : "available" },
    })),
  };
}

/** entities.get: the live entity (with its customer and feature) and the customer's balances. */
async function entityGet(key: Key, body: Record<string, unknown>) {
  const { rows } = await pool.query({
    name: "floor_entity",
    text: `select e.id, e.external_id, e.name, e.created_at, e.feature_pk, f.feature_id, c.external_id as customer_id, c.id as customer_pk
             from entities e join customers c on c.id = e.customer_id join features f on f.id = e.feature_pk
            where e.env = $1 and c.env = $1 and c.external_id = $2 and e.external_id = $3 and e.deleted_at is null
            limit 2`,
    values: [key.env, String(body.customer_id), String(body.entity_id)],
  });
  const entity = rows[0];
  if (!entity) throw new HttpError(404, "entity_not_found", `Entity ${String(body.entity_id)} not found`);
  const grants = await pool.query({
    name: "floor_entity_grants",
    text: `select f.feature_id, g.granted, g.usage, g.unlimited, g.next_reset_at from grants g join features f on f.id = g.feature_pk
            where g.customer_id = $1 and g.active and g.feature_pk <> $2 order by g.id`,
    values: [entity.customer_pk, entity.feature_pk],
  });
  return {
    id: entity.external_id,
    name: entity.name,
    customer_id: entity.customer_id,
    feature_id: entity.feature_id,
    created_at: new Date(entity.created_at).getTime(),
    env: key.env,
    subscriptions: [],
    purchases: [],
    balances: Object.fromEntries(grants.rows.map((g: Record<string, unknown>) => [g.feature_id, { feature_id: g.feature_id, granted: g.granted, usage: g.usage, unlimited: g.unlimited }])),
    flags: {},
  };
}

/** events.aggregate for a customer and a feature over the last 30 days, by day, from the hourly rollups. */
async function eventsAggregate(key: Key, body: Record<string, unknown>) {
  const featureId = String(body.feature_id);
  const now = Date.now();
  const day = 86_400_000;
  const end = Math.floor(now / day) * day + day;
  const start = end - 30 * day;
  const { rows } = await pool.query<{ period: string; value: number; count: number }>({
    name: "floor_aggregate",
    text: `select (extract(epoch from date_trunc('day', r.hour)) * 1000)::bigint as period, sum(r.value)::float8 as value, sum(r.count)::int as count
             from usage_rollups r
            where r.customer_id = (select id from customers where env = $1 and external_id = $2)
              and r.feature_pk = (select id from features where env = $1 and feature_id = $3)
              and r.hour >= $4 and r.hour < $5
            group by 1 order by 1`,
    values: [key.env, String(body.customer_id), featureId, new Date(start), new Date(end)],
  });
  const byPeriod = new Map(rows.map((r) => [Number(r.period), r]));
  const list = [];
  let sum = 0;
  let count = 0;
  for (let period = start; period < end; period += day) {
    const row = byPeriod.get(period);
    sum += row?.value ?? 0;
    count += row?.count ?? 0;
    list.push({ period, values: { [featureId]: row?.value ?? 0 } });
  }
  return { list, total: { [featureId]: { count, sum } } };
}

const ROUTES: Record<string, (key: Key, body: Record<string, unknown>, requestId: string) => Promise<unknown>> = {
  "/v1/plans.list": plansList,
  "/v1/entities.get": entityGet,
  "/v1/events.aggregate": eventsAggregate,
  "/v1/customers.get_or_create": getOrCreate,
  "/v1/customers": getOrCreate,
  "/v1/balances.check": (key, body) => usage(key, body, "check"),
  "/v1/check": (key, body) => usage(key, body, "check"),
  "/v1/balances.track": (key, body) => usage(key, body, "track"),
  "/v1/track": (key, body) => usage(key, body, "track"),
};

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

let requests = 0;
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    // The framework reference (bench/next-bare has the same route): JSON in, JSON out, nothing else.
    if (req.method === "POST" && req.url === "/v1/bare.echo") return send(res, 200, { received: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") });
    const route = req.method === "POST" ? ROUTES[req.url ?? ""] : undefined;
    if (!route) return send(res, 404, { message: "Not found", code: "not_found" });
    const requestId = `req_floor_${++requests}`;
    authenticate(req.headers.authorization)
      .then((key) => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
        // The "authenticated, then refused" reference: no customer_id is a validation error.
        if (body.customer_id === undefined && body.id === undefined && body.email === undefined) throw new HttpError(400, "invalid_request", "customer_id: Required");
        return route(key, body, requestId);
      })
      .then((body) => send(res, 200, body))
      .catch((error: unknown) => {
        if (error instanceof HttpError) return send(res, error.status, { message: error.message, code: error.code });
        console.error(`[floor] ${(error as Error).stack ?? String(error)}`);
        send(res, 500, { message: "Internal error", code: "internal_error" });
      });
  });
});
// Same keep-alive behaviour as Node's defaults under `next start`.
server.listen(Number(process.env.FLOOR_PORT ?? 0), "127.0.0.1", () => {
  const port = (server.address() as { port: number }).port;
  if (process.send) process.send({ type: "ready", port });
  else console.log(`floor listening on ${port}`);
});
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
