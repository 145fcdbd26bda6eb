// Part 3: the dashboard at scale. Seeds a million customers (timed), then measures every view of
// the Customers pages twice, at least 50 runs each after a warm-up: the domain functions in this
// process, and the full HTTP request against the production server. The three slowest views get
// their query plans (EXPLAIN ANALYZE of every statement the domain call sent).
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { StaffCtx } from "../../lib/auth/session";
import type { Catalog } from "../lib/catalog";
import { ENV } from "../lib/catalog";
import type { Log } from "../lib/progress";
import type { Server } from "../lib/processes";
import { percentile, round } from "../lib/stats";
import { dashboardScenarios, keysetCursorAfter } from "./dashboard";
import { seedScale, type ScaleSeed } from "./seed";

export type Timing = { p50: number; p95: number; max: number; runs: number };
export type ScenarioResult = { id: string; label: string; domain: Timing; http: Timing & { status: number; bytes: number }; document: boolean; plans?: string[] };
export type ScalePartResult = { seed: ScaleSeed; scenarios: ScenarioResult[]; runs: number };

export type StaffSession = { token: string; userId: string; email: string; cookie: string };

/** A staff user with a database session, as next-auth creates them (see e2e/fixtures.ts). */
export async function createStaffSession(client: pg.ClientBase): Promise<StaffSession> {
  const suffix = randomBytes(6).toString("hex");
  const userId = `usr_bench_${suffix}`;
  const email = `bench.${suffix}@equinox.test`;
  const token = randomBytes(32).toString("hex");
  await client.query(`insert into users (id, email, name, role, email_verified) values ($1, $2, 'Bench Admin', 'admin', now())`, [userId, email]);
  await client.query(`insert into sessions (id, session_token, user_id, expires) values ($1, $2, $3, now() + interval '1 day')`, [`ses_bench_${suffix}`, token, userId]);
  return { token, userId, email, cookie: `next-auth.session-token=${token}` };
}

/** Runs `fn` and returns the statements it sent through any pg client of this process. */
async function captureSql(fn: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const captured: { text: string; values: unknown[] }[] = [];
  const original = pg.Client.prototype.query;
  const patched = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
    const text = typeof first === "string" ? first : first.text;
    const values = (typeof first === "string" ? second : first.values) ?? [];
    if (!/^\s*(begin|commit|rollback|set |deallocate)/i.test(text)) captured.push({ text, values: Array.isArray(values) ? values : [] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  pg.Client.prototype.query = patched as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return captured;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ timing: Timing; last: unknown }> {
  const samples: number[] = [];
  let last: unknown;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    last = await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { timing: { p50: round(percentile(samples, 50), 2), p95: round(percentile(samples, 95), 2), max: round(Math.max(...samples), 2), runs }, last };
}

export async function runScalePart(options: {
  client: pg.Client;
  databaseUrl: string;
  catalog: Catalog;
  equinox: Server;
  customers: number;
  runs: number;
  log: Log;
}): Promise<ScalePartResult> {
  const { client, catalog, equinox, log } = options;
  log(`seeding ${options.customers.toLocaleString("en")} customers (set-based SQL)`);
  const seed = await seedScale(client, catalog, options.customers, (line) => log(`  ${line}`));
  log(`seeded in ${seed.seconds.toFixed(1)} s: ${JSON.stringify(seed.counts)}`);

  const session = await createStaffSession(client);
  const ctx: StaffCtx = { env: ENV, actor: { kind: "staff", userId: session.userId, email: session.email, role: "admin" } };
  const pageSize = 25;
  const before = (
    await client.query<{ created_at: Date; id: string }>(`select created_at, id from customers where env = $1 order by created_at desc, id desc offset $2 limit 1`, [
      ENV,
      999 * pageSize - 1,
    ])
  ).rows[0]!;
  const cursor = await keysetCursorAfter({ createdAt: before.created_at, id: before.id });
  const scenarios = await dashboardScenarios(ctx, seed, cursor);
  const headers = { cookie: session.cookie, accept: "application/json", "accept-encoding": "gzip, br" };

  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    await time(5, scenario.domain);
    const domain = (await time(options.runs, scenario.domain)).timing;
    let status = 0;
    let bytes = 0;
    const request = async () => {
      const res = await fetch(`${equinox.url}${scenario.http}`, {
        headers: scenario.document ? { ...headers, accept: "text/html" } : headers,
        redirect: "manual",
      });
      const body = await res.arrayBuffer();
      status = res.status;
      bytes = body.byteLength;
      if (res.status !== 200) throw new Error(`${scenario.http} answered ${res.status}: ${Buffer.from(body).toString("utf8").slice(0, 300)}`);
    };
    await time(5, request);
    const http = (await time(options.runs, request)).timing;
    results.push({ id: scenario.id, label: scenario.label, domain, http: { ...http, status, bytes }, document: scenario.document ?? false });
    log(`${scenario.label.padEnd(52)} domain p50 ${domain.p50} p95 ${domain.p95} ms | http p50 ${http.p50} p95 ${http.p95} ms`);
  }

  // The plans of the three slowest views (by the domain's p95).
  const slowest = [...results].sort((a, b) => b.domain.p95 - a.domain.p95).slice(0, 3);
  const explainClient = new pg.Client({ connectionString: options.databaseUrl });
  await explainClient.connect();
  try {
    for (const result of slowest) {
      const scenario = scenarios.find((s) => s.id === result.id)!;
      const statements = await captureSql(scenario.domain);
      result.plans = [];
      for (const statement of statements) {
        const { rows } = await explainClient.query<{ "QUERY PLAN": string }>({ text: `explain (analyze, buffers) ${statement.text}`, values: statement.values });
        result.plans.push(`${statement.text.replace(/\s+/g, " ").trim()}\n${rows.map((row) => row["QUERY PLAN"]).join("\n")}`);
      }
    }
  } finally {
    await explainClient.end();
  }
  return { seed, scenarios: results, runs: options.runs };
}
