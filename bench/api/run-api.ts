// Part 2: the /v1 API side by side with the floor, per process and per machine. Per process: one
// Equinox server process (WEB_CONCURRENCY=1) against one floor process; per machine: `npm start` as
// it runs by default (one server process per core) against the floor in as many processes. For
// each operation: one request to each to check they answer alike, statements per request on each,
// a warm-up, then windows at concurrency 32 and 1, alternating floor and Equinox (and which goes
// first, round by round). The CPU of a request is split into layers (HTTP, authentication, the
// operation's SQL driver work, Equinox's own domain code, the database) from reference requests.
import type pg from "pg";
import type { Catalog } from "../lib/catalog";
import { runLoad, type LoadResult } from "../lib/load";
import type { Log } from "../lib/progress";
import { cpuMs, largestProcessMemory, postgresPid, residentMemory, startFloor, type Server } from "../lib/processes";
import { readStatements, resetStatements, type StatementCount } from "../lib/statements";
import { median, round } from "../lib/stats";
import { OPERATIONS, type Operation, type OperationId } from "./operations";
import { API_ENTITY_CUSTOMERS, claimedFromPool, seedApiCustomers, seedApiEntities, seedPendingPool } from "./seed";

export type Target = "floor" | "equinox";
/** One server process on each side, or the whole machine (a process per core on each side). */
export type Scope = "process" | "machine";
export type Figures = { rps: number; p50: number; p99: number; errors: number; serverCpuMs: number; dbCpuMs: number };
export type Window = LoadResult & { target: Target; scope: Scope; round: number; claimed?: number };
export type Comparison = { floor: Figures; equinox: Figures; rpsRatio: number; p99Ratio: number };
export type ScopeResult = { c32: Comparison; c1: Comparison };
/** CPU ms per request by layer (per process, c32): see layerSplit. */
export type Layers = { http: number; auth: number; sql: number; domain: number; database: number; total: number };

export type OperationResult = {
  id: OperationId;
  label: string;
  reference: boolean;
  statements: Partial<Record<Target, StatementCount>>;
  parity: { sameShape: boolean; differences: string[] };
  windows: Window[];
  process: ScopeResult;
  machine?: ScopeResult;
  layers?: Layers;
};

export type ApiPartResult = {
  seconds: number;
  rounds: number;
  poolMax: number;
  processesPerMachine: number;
  operations: OperationResult[];
  memory: { equinoxAfterMb: number; equinoxMachineAfterMb: number; floorAfterMb: number };
};

export type ApiPartOptions = {
  client: pg.Client;
  databaseUrl: string;
  catalog: Catalog;
  /** One server process (WEB_CONCURRENCY=1). */
  equinox: Server;
  /** `npm start` as it runs by default: one server process per core. */
  equinoxMachine?: Server;
  processesPerMachine: number;
  /** The bare Next.js app (bench/next-bare), for the operations marked bareNext. */
  bareNext?: Server;
  poolMax: number;
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  only?: OperationId[];
  statementStats: boolean;
  log: Log;
};

/** Every key path of a JSON value ("balances.messages.granted"), to compare two answers' shapes. */
/**
 * Waits while the server's outbox worker drains the jobs that are due, until none is left or no
 * progress was made for five seconds (a worker that is off, or jobs retried later; a worker takes
 * up to 50 jobs every 2 s), at most 60 s.
 */
async function outboxSettled(client: pg.ClientBase, log: Log): Promise<void> {
  const due = async () => (await client.query<{ n: number }>(`select count(*)::int as n from outbox_jobs where status = 'pending' and run_after <= now()`)).rows[0]!.n;
  const started = Date.now();
  let left = await due();
  let progressAt = Date.now();
  while (left > 0 && Date.now() - progressAt < 5000 && Date.now() - started < 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await due();
    if (now < left) progressAt = Date.now();
    left = now;
  }
  if (Date.now() - started > 1000) log(`  outbox: waited ${((Date.now() - started) / 1000).toFixed(1)} s for due jobs to drain (${left} left)`);
}

function shape(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return [`${prefix}[]`, ...(value.length ? shape(value[0], `${prefix}[]`) : [])];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, child]) => {
      // Feature and plan ids are data, not shape: keep the structure under them comparable.
      const path = prefix ? `${prefix}.${key}` : key;
      return [path, ...shape(child, path)];
    });
  }
  return [];
}

async function post(server: Server, path: string, apiKey: string | undefined, body: unknown): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  const res = await fetch(`${server.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json().catch(() => null) };
}

function figures(windows: Window[]): Figures {
  return {
    rps: round(median(windows.map((w) => w.rps)), 1),
    p50: round(median(windows.map((w) => w.p50)), 2),
    p99: round(median(windows.map((w) => w.p99)), 2),
    errors: windows.reduce((sum, w) => sum + w.errors, 0),
    serverCpuMs: round(median(windows.map((w) => w.cpuMsPerRequest.server ?? NaN)), 2),
    dbCpuMs: round(median(windows.map((w) => w.cpuMsPerRequest.database ?? NaN)), 2),
  };
}

export async function runApiPart(options: ApiPartOptions): Promise<ApiPartResult> {
  const { client, catalog, equinox, log } = options;
  const started = Date.now();
  log("seeding 10,000 API customers (enterprise plan)");
  await seedApiCustomers(client, catalog);
  log(`seeding ${API_ENTITY_CUSTOMERS} seat entities through entities.create`);
  await seedApiEntities(equinox.url, catalog.apiKey);
  const floor = await startFloor(options.databaseUrl, options.poolMax);
  const floorMachine = options.equinoxMachine ? await startFloor(options.databaseUrl, options.poolMax, options.processesPerMachine, "floor-machine") : undefined;
  log(`floor listening at ${floor.url} (pg pool of ${options.poolMax} per process, like Equinox's)${floorMachine ? `, and in ${options.processesPerMachine} processes at ${floorMachine.url}` : ""}`);
  const keyHeaders = { authorization: `Bearer ${catalog.apiKey}` };
  let windowCount = 0;
  const lastRps = new Map<string, number>();
  const pgPid = postgresPid();

  const window = async (op: Operation, servers: Record<Target, Server>, scope: Scope, target: Target, connections: number, seconds: number, round: number): Promise<Window> => {
    const tag = `w${++windowCount}${target[0]}`;
    // The follow-up work of the windows before (the outbox jobs claims write) is done first, so it
    // is not counted in this window's CPU or latency (a measured claim window still does its own).
    await outboxSettled(client, log);
    if (op.claims) {
      // Enough pending customers for the window: 1.5 x what creation managed at this concurrency.
      const expected = lastRps.get(`goc_new:${scope}:${target}:${connections}`) ?? (connections > 1 ? 3000 : 600);
      await seedPendingPool(client, tag, Math.ceil(expected * seconds * 1.5) + 500);
      // The bulk insert just made (tens of thousands of rows at once, as no app makes them) would
      // start autovacuum and auto-analyze of customers inside the window, landing on whichever
      // server is measured then (the database's CPU per request rose 4-20 times, for the floor and
      // Equinox alike): done now, outside the measured time, for both.
      await client.query("vacuum (analyze) customers");
    }
    const cpu: Record<string, () => number> = { server: () => cpuMs(servers[target].pid) };
    if (pgPid) cpu.database = () => cpuMs(pgPid);
    const headers = op.noKey ? {} : keyHeaders;
    const result = await runLoad({ url: servers[target].url, path: op.path, headers, body: (n) => op.body(n, tag), connections, seconds, cpu, status: op.status });
    const claimed = op.claims ? await claimedFromPool(client, tag) : undefined;
    if (claimed !== undefined && claimed < result.requests) log(`  warning: only ${claimed} of ${result.requests} requests found a pending customer to claim`);
    return { ...result, target, scope, round, ...(claimed !== undefined ? { claimed } : {}) };
  };

  const operations: OperationResult[] = [];
  for (const op of OPERATIONS.filter((o) => !options.only || options.only.includes(o.id))) {
    if (op.bareNext && !options.bareNext) continue;
    log(`${op.label}`);
    const perProcess: Record<Target, Server> = { floor, equinox: op.bareNext ? options.bareNext! : equinox };
    // 1. Same answer? One request each, with bodies made for this check.
    if (op.claims) {
      await seedPendingPool(client, "parity_f", 1);
      await seedPendingPool(client, "parity_e", 1);
    }
    const [fromFloor, fromEquinox] = [await post(floor, op.path, op.noKey ? undefined : catalog.apiKey, op.body(0, "parity_f")), await post(perProcess.equinox, op.path, op.noKey ? undefined : catalog.apiKey, op.body(0, "parity_e"))];
    const floorShape = new Set(shape(fromFloor.json));
    const equinoxShape = new Set(shape(fromEquinox.json));
    const differences = [
      ...(fromFloor.status !== (op.status ?? 200) ? [`floor answered ${fromFloor.status}: ${JSON.stringify(fromFloor.json)}`] : []),
      ...(fromEquinox.status !== (op.status ?? 200) ? [`equinox answered ${fromEquinox.status}: ${JSON.stringify(fromEquinox.json)}`] : []),
      ...[...equinoxShape].filter((k) => !floorShape.has(k)).map((k) => `only equinox: ${k}`),
      ...[...floorShape].filter((k) => !equinoxShape.has(k)).map((k) => `only floor: ${k}`),
    ];
    if (differences.length) log(`  answers differ: ${differences.slice(0, 4).join("; ")}`);

    // 2. Statements per request, 20 sequential requests each.
    const statements: OperationResult["statements"] = {};
    if (options.statementStats) {
      for (const target of ["floor", "equinox"] as const) {
        const tag = `stmt${target[0]}${op.id}`;
        if (op.claims) await seedPendingPool(client, tag, 20);
        await resetStatements(client);
        for (let n = 0; n < 20; n++) await post(perProcess[target], op.path, op.noKey ? undefined : catalog.apiKey, op.body(n, tag));
        statements[target] = await readStatements(client, 20);
      }
      log(`  SQL statements per request: floor ${statements.floor?.perRequest}, equinox ${statements.equinox?.perRequest}`);
    }

    // 3. Per scope: a warm-up (discarded), then the measured windows. References: per process only.
    const scopes: [Scope, Record<Target, Server>][] = [["process", perProcess]];
    if (!op.reference && options.equinoxMachine && floorMachine) scopes.push(["machine", { floor: floorMachine, equinox: options.equinoxMachine }]);
    const windows: Window[] = [];
    for (const [scope, servers] of scopes) {
      for (const target of ["floor", "equinox"] as const) await window(op, servers, scope, target, 32, options.warmupSeconds, 0);
      for (const connections of [32, 1]) {
        for (let r = 1; r <= options.rounds; r++) {
          const order: Target[] = (r + (connections === 1 ? 1 : 0)) % 2 === 1 ? ["floor", "equinox"] : ["equinox", "floor"];
          for (const target of order) {
            const result = await window(op, servers, scope, target, connections, options.seconds, r);
            windows.push(result);
            if (op.id === "goc_new") lastRps.set(`goc_new:${scope}:${target}:${connections}`, result.rps);
            const cpu = `cpu/req server ${result.cpuMsPerRequest.server} ms${result.cpuMsPerRequest.database !== undefined ? `, db ${result.cpuMsPerRequest.database} ms` : ""}`;
            log(`  ${scope.padEnd(7)} c${String(connections).padEnd(2)} ${target.padEnd(7)} ${String(result.rps).padStart(7)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ${cpu}${result.errors ? `  ${result.errors} errors ${JSON.stringify(result.statuses)}` : ""}`);
          }
        }
      }
    }
    const summary = (scope: Scope, connections: number): Comparison => {
      const f = figures(windows.filter((w) => w.scope === scope && w.connections === connections && w.target === "floor"));
      const e = figures(windows.filter((w) => w.scope === scope && w.connections === connections && w.target === "equinox"));
      return { floor: f, equinox: e, rpsRatio: round(e.rps / f.rps, 2), p99Ratio: round(e.p99 / f.p99, 2) };
    };
    const scopeResult = (scope: Scope): ScopeResult => ({ c32: summary(scope, 32), c1: summary(scope, 1) });
    operations.push({
      id: op.id,
      label: op.label,
      reference: op.reference ?? false,
      statements,
      parity: { sameShape: differences.length === 0, differences },
      windows,
      process: scopeResult("process"),
      ...(scopes.length > 1 ? { machine: scopeResult("machine") } : {}),
    });
  }
  for (const op of operations) if (!op.reference) op.layers = layerSplit(op, operations);

  const memory = {
    equinoxAfterMb: round(largestProcessMemory(equinox.pid) / 2 ** 20, 1),
    equinoxMachineAfterMb: options.equinoxMachine ? round(residentMemory(options.equinoxMachine.pid) / 2 ** 20, 1) : NaN,
    floorAfterMb: round(residentMemory(floor.pid) / 2 ** 20, 1),
  };
  await floor.stop();
  await floorMachine?.stop();
  return { seconds: round((Date.now() - started) / 1000, 1), rounds: options.rounds, poolMax: options.poolMax, processesPerMachine: options.processesPerMachine, operations, memory };
}

/**
 * The server CPU of one request of `op` (per process, c32) by layer, from the reference requests:
 *   http:     node:http, the dispatcher and the /v1 adapter refusing a request without a key
 *             (Equinox's no_key);
 *   auth:     the key's lookup (Equinox's auth_only minus no_key);
 *   sql:      the pg driver's work for the operation's own statements: the floor's CPU per
 *             statement beyond authentication (it does nothing else), times the statements
 *             Equinox sends beyond authentication (pg_stat_statements counts both);
 *   domain:   the rest of Equinox's server CPU: validation, the domain function, Prisma, shaping
 *             the answer;
 *   database: PostgreSQL's CPU for the request (measured on its processes).
 */
export function layerSplit(op: OperationResult, all: OperationResult[]): Layers | undefined {
  const noKey = all.find((o) => o.id === "no_key");
  const authOnly = all.find((o) => o.id === "auth_only");
  if (!noKey || !authOnly) return undefined;
  const total = op.process.c32.equinox.serverCpuMs;
  const http = noKey.process.c32.equinox.serverCpuMs;
  const auth = Math.max(0, authOnly.process.c32.equinox.serverCpuMs - http);
  const statements = (result: OperationResult, target: Target) => result.statements[target]?.perRequest;
  const floorOwn = (statements(op, "floor") ?? NaN) - (statements(authOnly, "floor") ?? NaN);
  const equinoxOwn = (statements(op, "equinox") ?? NaN) - (statements(authOnly, "equinox") ?? NaN);
  const perStatement = floorOwn > 0 ? Math.max(0, op.process.c32.floor.serverCpuMs - authOnly.process.c32.floor.serverCpuMs) / floorOwn : NaN;
  const sql = Math.min(Math.max(0, total - http - auth), perStatement * Math.max(0, equinoxOwn));
  const domain = Math.max(0, total - http - auth - (Number.isFinite(sql) ? sql : 0));
  return { http: round(http, 2), auth: round(auth, 2), sql: round(sql, 2), domain: round(domain, 2), database: op.process.c32.equinox.dbCpuMs, total };
}
