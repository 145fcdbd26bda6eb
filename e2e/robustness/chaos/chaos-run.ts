// Database faults under load: a production server (`next start`) on its own embedded PostgreSQL,
// a steady stream of API writes and reads, and PostgreSQL stopped and started again in the middle
// of it. Used by `npm run chaos` (long form) and e2e/robustness/chaos.spec.ts (short form).
//
// What it measures and checks:
// - while the database is away, every answer is a clear 503 service_unavailable with Retry-After
//   (never a 500, never a hang): `firstErrorMs` after the stop;
// - after it is back, the app recovers by itself (no restart): `recoveryMs` from the database
//   accepting connections again to the first successful write;
// - afterwards every acknowledged write is present, and nothing was applied twice: every track
//   (each with its own idempotency key) is counted exactly once once the failed ones are retried
//   with the same key, every acknowledged get-or-create exists, every customer id is one row.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { spawn } from "node:child_process";
import { childEnv } from "../../../lib/env";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from "../../../scripts/lib/embedded-postgres";
import { migrate } from "../../../scripts/lib/migrate";
import { freePort } from "../../../tests/setup/free-port";
import { startAppServer, type AppServer } from "../../harness/app-server";

export type ChaosOptions = {
  /** Label of the run: the server log is test-results/<name>-server.log, the report test-results/chaos/<name>.json. */
  name: string;
  /** Load before the first outage. */
  warmupMs: number;
  /** How long the database stays away, for each outage. */
  outageMs: number;
  /** Number of outages, each followed by `betweenMs` of load. */
  outages: number;
  betweenMs: number;
  /** Concurrent clients. */
  concurrency: number;
  /** Recovery must come within this long of the database being back. */
  maxRecoveryMs: number;
  log?: (line: string) => void;
};

type Outcome = { op: "track" | "create" | "read"; key: string; started: number; ended: number; status: number; code?: string; retryAfter?: string | null };

export type OutageFigures = { stoppedAt: number; backAt: number; firstErrorMs: number | null; recoveryMs: number | null; answeredDuringOutage: number; non503DuringOutage: number };

export type ChaosReport = {
  name: string;
  requests: number;
  byStatus: Record<string, number>;
  outages: OutageFigures[];
  trackKeys: number;
  trackAcknowledged: number;
  trackRetried: number;
  createsAcknowledged: number;
  createsRetried: number;
  problems: string[];
};

const REQUEST_TIMEOUT_MS = 20_000;

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? ((line: string) => console.log(`[chaos] ${line}`));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "equinox-chaos-"));
  fs.chmodSync(workDir, 0o755);
  const dataDir = path.join(workDir, "data");
  const port = await freePort();
  let database: EmbeddedPostgres | undefined;
  let app: AppServer | undefined;
  try {
    database = await startEmbeddedPostgres({ dataDir, port, ephemeral: false, log });
    await ensureDatabase(database.adminUrl, "equinox_chaos");
    const databaseUrl = database.urlFor("equinox_chaos");
    await migrate(databaseUrl);
    const authSecret = randomBytes(24).toString("hex");
    const fixture = await arrange(databaseUrl, authSecret);
    app = await startAppServer(
      {
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: authSecret,
        API_RATE_LIMIT_PER_MINUTE: "1000000",
        EQUINOX_TEST_MODE: "1",
      },
      options.name,
    );
    log(`app ${app.url}, PostgreSQL on port ${port}`);
    const client = new ChaosClient(app.url, fixture.secret);
    for (const customerId of fixture.customers) {
      await client.expectOk("/v1/customers.get_or_create", { customer_id: customerId });
      await client.expectOk("/v1/attach", { customer_id: customerId, plan_id: fixture.planId });
    }

    const outcomes: Outcome[] = [];
    const trackBodies = new Map<string, Record<string, unknown>>();
    let stop = false;
    let sequence = 0;
    const worker = async (w: number) => {
      while (!stop) {
        const n = sequence++;
        const kind = n % 5;
        if (kind <= 2) {
          const key = `chaos_${w}_${n}_${randomBytes(3).toString("hex")}`;
          const body = { customer_id: fixture.customers[n % fixture.customers.length], feature_id: fixture.featureId, value: 1, idempotency_key: key };
          trackBodies.set(key, body);
          outcomes.push(await client.send("track", key, "/v1/track", body));
        } else if (kind === 3) {
          const id = `chaos_new_${n}_${randomBytes(3).toString("hex")}`;
          outcomes.push(await client.send("create", id, "/v1/customers.get_or_create", { customer_id: id, name: "Chaos" }, { "idempotency-key": `create-${id}` }));
        } else {
          outcomes.push(await client.send("read", "", "/v1/customers.get", { customer_id: fixture.customers[n % fixture.customers.length] }));
        }
        // A polite client backs off a little after an error instead of spinning.
        if (outcomes.at(-1)!.status !== 200) await sleep(100);
      }
    };
    const load = Promise.all(Array.from({ length: options.concurrency }, (_, w) => worker(w)));

    const outages: Outage[] = [];
    await sleep(options.warmupMs);
    for (let o = 0; o < options.outages; o++) {
      const stoppedAt = Date.now();
      await database.stop();
      const downAt = Date.now();
      log(`outage ${o + 1}: PostgreSQL stopped`);
      await sleep(options.outageMs);
      const restartAt = Date.now();
      database = await startEmbeddedPostgres({ dataDir, port, ephemeral: false, log });
      const backAt = Date.now();
      log(`outage ${o + 1}: PostgreSQL back after ${backAt - stoppedAt} ms`);
      outages.push({ stoppedAt, downAt, restartAt, backAt });
      await sleep(options.betweenMs);
    }
    stop = true;
    await load;

    // Every track that was not acknowledged is retried with its key until it is.
    const acknowledged = new Set(outcomes.filter((x) => x.op === "track" && x.status === 200).map((x) => x.key));
    const unacknowledged = [...trackBodies.keys()].filter((key) => !acknowledged.has(key));
    const queue = [...unacknowledged];
    await Promise.all(Array.from({ length: options.concurrency }, async () => {
      for (let key = queue.pop(); key !== undefined; key = queue.pop()) await client.expectOk("/v1/track", trackBodies.get(key)!);
    }));
    // Creates that got no answer are retried with their Idempotency-Key, as a careful client does:
    // the key must not stay blocked by the request the outage interrupted.
    const createdOk = new Set(outcomes.filter((x) => x.op === "create" && x.status === 200).map((x) => x.key));
    const createQueue = [...new Set(outcomes.filter((x) => x.op === "create" && !createdOk.has(x.key)).map((x) => x.key))];
    const createsRetried = createQueue.length;
    await Promise.all(Array.from({ length: options.concurrency }, async () => {
      for (let id = createQueue.pop(); id !== undefined; id = createQueue.pop()) {
        await client.expectOk("/v1/customers.get_or_create", { customer_id: id, name: "Chaos" }, { "idempotency-key": `create-${id}` }, 15_000);
      }
    }));
    const creates = [...new Set(outcomes.filter((x) => x.op === "create").map((x) => x.key))];

    const problems = await verify(databaseUrl, { fixture, trackKeys: [...trackBodies.keys()], creates });
    const figures = outages.map((outage) => outageFigures(outage, outcomes, problems));
    for (const figure of figures) {
      if (figure.recoveryMs === null) problems.push("no successful request after the database came back");
      else if (figure.recoveryMs > options.maxRecoveryMs) problems.push(`recovery took ${figure.recoveryMs} ms (limit ${options.maxRecoveryMs} ms)`);
    }
    for (const x of outcomes) {
      if (x.status === 0) problems.push(`${x.op} ${x.key}: no answer within ${REQUEST_TIMEOUT_MS} ms (hang) or connection refused by the app`);
      else if (x.status >= 500 && x.status !== 503) problems.push(`${x.op} ${x.key}: ${x.status} ${x.code ?? ""}`);
      else if (x.status === 503 && (x.code !== "service_unavailable" || !x.retryAfter)) problems.push(`${x.op}: 503 without code service_unavailable and Retry-After`);
      else if (x.status >= 400 && x.status < 500) problems.push(`${x.op} ${x.key}: unexpected ${x.status} ${x.code ?? ""}`);
    }

    const byStatus: Record<string, number> = {};
    for (const x of outcomes) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
    const report: ChaosReport = {
      name: options.name,
      requests: outcomes.length,
      byStatus,
      outages: figures,
      trackKeys: trackBodies.size,
      trackAcknowledged: acknowledged.size,
      trackRetried: unacknowledged.length,
      createsAcknowledged: createdOk.size,
      createsRetried,
      problems: [...new Set(problems)].slice(0, 50),
    };
    const reportDir = path.resolve(import.meta.dirname, "../../../test-results/chaos");
    fs.mkdirSync(reportDir, { recursive: true });
    fs.writeFileSync(path.join(reportDir, `${options.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
    log(
      `${report.requests} requests ${JSON.stringify(byStatus)}; ` +
        figures.map((f, i) => `outage ${i + 1}: first 503 after ${f.firstErrorMs} ms, ${f.answeredDuringOutage} answers while away, recovered ${f.recoveryMs} ms after the database was back`).join("; "),
    );
    return report;
  } finally {
    await app?.stop();
    await database?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

type Outage = { stoppedAt: number; downAt: number; restartAt: number; backAt: number };

function outageFigures(outage: Outage, outcomes: Outcome[], problems: string[]): OutageFigures {
  // Sent after PostgreSQL had exited and answered before it was started again: cannot have succeeded.
  const during = outcomes.filter((x) => x.started >= outage.downAt && x.ended <= outage.restartAt);
  const errors = outcomes.filter((x) => x.ended >= outage.stoppedAt && x.status === 503).map((x) => x.ended);
  const successes = outcomes.filter((x) => x.started >= outage.backAt && x.status === 200 && x.op !== "read").map((x) => x.ended);
  // Requests sent while the database was away cannot succeed: anything but a 503 is wrong.
  const wrong = during.filter((x) => x.status !== 503);
  for (const x of wrong) problems.push(`${x.op} during the outage answered ${x.status} ${x.code ?? ""}`);
  return {
    stoppedAt: outage.stoppedAt,
    backAt: outage.backAt,
    firstErrorMs: errors.length ? Math.min(...errors) - outage.stoppedAt : null,
    recoveryMs: successes.length ? Math.min(...successes) - outage.backAt : null,
    answeredDuringOutage: during.length,
    non503DuringOutage: wrong.length,
  };
}

type Fixture = { secret: string; featureId: string; planId: string; customers: string[] };

/**
 * An API key, a metered feature and a plan granting plenty of it, made through the domain on the
 * chaos database, in a process of its own (chaos-arrange.ts): the domain modules are server code
 * (`--conditions=react-server`), and this process already talks to another database or none.
 */
const FIXTURE_LINE = "chaos-fixture "; // chaos-arrange.ts prints the fixture after it

async function arrange(databaseUrl: string, authSecret: string): Promise<Fixture> {
  const root = path.resolve(import.meta.dirname, "../../..");
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", path.join(import.meta.dirname, "chaos-arrange.ts")], {
      cwd: root,
      env: childEnv({ DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`chaos-arrange.ts exited with ${code}`))));
  });
  const line = output.split("\n").find((l) => l.startsWith(FIXTURE_LINE));
  if (!line) throw new Error(`chaos-arrange.ts printed no fixture: ${output}`);
  return JSON.parse(line.slice(FIXTURE_LINE.length)) as Fixture;
}

async function verify(databaseUrl: string, input: { fixture: Fixture; trackKeys: string[]; creates: string[] }): Promise<string[]> {
  const problems: string[] = [];
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows: events } = await db.query<{ key: string; n: number }>(
      `select idempotency_key as key, count(*)::int as n from usage_events where idempotency_key = any($1) group by idempotency_key`,
      [input.trackKeys],
    );
    const counted = new Map(events.map((e) => [e.key, e.n]));
    for (const key of input.trackKeys) {
      const n = counted.get(key) ?? 0;
      if (n !== 1) problems.push(`track ${key} was applied ${n} times`);
    }
    const { rows: usage } = await db.query<{ usage: number }>(
      `select coalesce(sum(g.usage), 0)::float8 as usage from grants g join customers c on c.id = g.customer_id where c.env = 'sandbox' and c.external_id = any($1)`,
      [input.fixture.customers],
    );
    if (usage[0]!.usage !== input.trackKeys.length) problems.push(`balances show ${usage[0]!.usage} units used, ${input.trackKeys.length} were tracked`);
    const { rows: created } = await db.query<{ external_id: string; n: number }>(
      `select external_id, count(*)::int as n from customers where env = 'sandbox' and external_id = any($1) group by external_id`,
      [input.creates],
    );
    const createdCount = new Map(created.map((c) => [c.external_id, c.n]));
    for (const id of input.creates) if (createdCount.get(id) !== 1) problems.push(`customer ${id} exists ${createdCount.get(id) ?? 0} times`);
  } finally {
    await db.end();
  }
  return problems;
}

class ChaosClient {
  constructor(
    private readonly base: string,
    private readonly secret: string,
  ) {}

  async send(op: Outcome["op"], key: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Outcome> {
    const started = Date.now();
    try {
      const response = await fetch(`${this.base}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.secret}`, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      let code: string | undefined;
      try {
        code = (JSON.parse(text) as { code?: string }).code;
      } catch {
        code = undefined;
      }
      return { op, key, started, ended: Date.now(), status: response.status, code, retryAfter: response.headers.get("retry-after") };
    } catch {
      return { op, key, started, ended: Date.now(), status: 0 };
    }
  }

  /** Retries (the database may still be settling) until the answer is 200. */
  async expectOk(path: string, body: unknown, headers: Record<string, string> = {}, withinMs = 60_000): Promise<void> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      const outcome = await this.send("track", "", path, body, headers);
      if (outcome.status === 200) return;
      if (Date.now() > deadline) throw new Error(`${path} ${JSON.stringify(body)} still fails (${outcome.status} ${outcome.code ?? ""})`);
      await sleep(250);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
