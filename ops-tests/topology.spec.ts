// The compose.yaml topology with processes: the standalone build twice (scripts/serve.mjs), a proxy
// in front (what Caddy does there), PgBouncer in transaction mode in front of one PostgreSQL. The
// API and the dashboard work through it, and a rolling restart under load loses no acknowledged
// write and answers nothing worse than 503 with Retry-After.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { arrange, call, lostOrDoubled, prepareCustomers, startLoad, type Fixture } from "./harness/api-load";
import { startProxy, type Proxy } from "./harness/proxy";
import { logDir, startInstance, waitUntil, type Instance } from "./harness/standalone";
import { signInWithSession } from "./harness/session";

test.describe.configure({ mode: "serial" });

const appEnv = () => JSON.parse(process.env.OPS_APP_ENV!) as Record<string, string>;
let proxy: Proxy;
let instances: Instance[] = [];
let fixture: Fixture;

const upstreams = () => instances.map((i) => ({ name: i.name, url: i.url }));

test.beforeAll(async () => {
  test.setTimeout(180_000);
  proxy = await startProxy([]);
  const env = { ...appEnv(), APP_URL: proxy.url };
  instances = [await startInstance("app-a", env), await startInstance("app-b", env)];
  proxy.setUpstreams(upstreams());
  fixture = await arrange(process.env.E2E_DATABASE_URL!);
  await prepareCustomers(proxy.url, fixture);
});

test.afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await proxy?.stop();
});

test("each instance is ready: database reachable through PgBouncer, schema current", async () => {
  for (const instance of instances) {
    const response = await fetch(`${instance.url}/api/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ready", database: { status: "ok" }, schema: { status: "current" } });
  }
});

test("API through the proxy: get-or-create, check, track, and an idempotent retry counted once", async () => {
  const customerId = fixture.customers[0]!;
  const created = await call(proxy.url, fixture.secret, "/v1/customers.get_or_create", { customer_id: customerId });
  expect(created).toMatchObject({ status: 200, json: { id: customerId } });
  const before = await call(proxy.url, fixture.secret, "/v1/check", { customer_id: customerId, feature_id: fixture.featureId });
  expect(before).toMatchObject({ status: 200, json: { allowed: true } });
  const balanceOf = (answer: typeof before) => (answer.json.balance as { remaining: number }).remaining;
  const key = `smoke_${Date.now()}`;
  const body = { customer_id: customerId, feature_id: fixture.featureId, value: 3, idempotency_key: key };
  // The retry goes to the other instance (round robin): still applied once.
  expect((await call(proxy.url, fixture.secret, "/v1/track", body)).status).toBe(200);
  expect((await call(proxy.url, fixture.secret, "/v1/track", body)).status).toBe(200);
  const after = await call(proxy.url, fixture.secret, "/v1/check", { customer_id: customerId, feature_id: fixture.featureId });
  expect(balanceOf(before) - balanceOf(after)).toBe(3);
});

test("browser through the proxy: the sign-in page renders, and a signed-in dashboard page", async ({ page, context }) => {
  await page.goto(`${proxy.url}/sign-in`);
  await expect(page.getByRole("button", { name: "Email me a sign-in link" })).toBeVisible();
  await signInWithSession(context, proxy.url, process.env.E2E_DATABASE_URL!);
  await page.goto(`${proxy.url}/customers`);
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
});

test("rolling restart under load: no acknowledged write lost, nothing worse than 503 with Retry-After", async () => {
  test.setTimeout(180_000);
  const load = startLoad(() => proxy.url, fixture, 8);
  await new Promise((r) => setTimeout(r, 3_000));
  const restarts: { name: string; drainMs: number; exitCode: number | null; readyAgainMs: number }[] = [];
  for (let i = 0; i < instances.length; i++) {
    const old = instances[i]!;
    const { code, ms } = await old.stop("SIGTERM");
    const started = Date.now();
    instances[i] = await startInstance(old.name, { ...appEnv(), APP_URL: proxy.url }, old.port);
    // The proxy's health check takes it back; wait for it before the next instance goes.
    await waitUntil(async () => (await fetch(`${instances[i]!.url}/api/health/ready`)).status === 200, 10_000, `${old.name} ready again`);
    await new Promise((r) => setTimeout(r, 1_500));
    restarts.push({ name: old.name, drainMs: ms, exitCode: code, readyAgainMs: Date.now() - started });
  }
  await new Promise((r) => setTimeout(r, 2_000));
  const report = await load.stop();

  const bad = report.outcomes.filter((x) => x.status !== 200 && !(x.status === 503 && x.retryAfter));
  const problems = await lostOrDoubled(process.env.E2E_DATABASE_URL!, report);
  const figures = {
    concurrency: 8,
    requests: report.requests,
    byStatus: report.byStatus,
    maxLatencyMs: report.maxLatencyMs,
    p99LatencyMs: report.p99LatencyMs,
    proxyRetries: proxy.retries(),
    restarts,
    trackAcknowledged: report.trackAcknowledged.length,
    createsAcknowledged: report.createsAcknowledged.length,
    problems: [...bad.slice(0, 10).map((x) => `${x.op} ${x.key}: ${x.status}`), ...problems.slice(0, 20)],
  };
  fs.mkdirSync(logDir, { recursive: true });
  fs.writeFileSync(path.join(logDir, "rolling-restart.json"), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`[ops] rolling restart: ${JSON.stringify({ ...figures, problems: figures.problems.length })}`);

  expect(restarts.map((r) => r.exitCode)).toEqual([0, 0]);
  expect(bad.map((x) => `${x.op}: ${x.status}`)).toEqual([]);
  expect(problems).toEqual([]);
  expect(report.trackAcknowledged.length).toBeGreaterThan(50);
});
