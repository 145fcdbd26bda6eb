// Part 2: the /v1 API side by side with the floor. For each operation: one request to each to check
// they answer alike, statements per request on each, a warm-up, then windows at concurrency 32
// and 1, alternating floor and Equinox (and which goes first, round by round).
import type pg from "pg";
import type { Catalog } from "../lib/catalog";
import { runLoad, type LoadResult } from "../lib/load";
import type { Log } from "../lib/progress";
import { cpuMs, postgresPid, residentMemory, startFloor, type Server } from "../lib/processes";
import { readStatements, resetStatements, type StatementCount } from "../lib/statements";
import { median, round } from "../lib/stats";
import { OPERATIONS, type Operation, type OperationId } from "./operations";
import { claimedFromPool, seedApiCustomers, seedPendingPool } from "./seed";

export type Target = "floor" | "equinox";
export type Figures = { rps: number; p50: number; p99: number; errors: number; serverCpuMs: number; dbCpuMs: number };
export type Window = LoadResult & { target: Target; round: number; claimed?: number };

export type OperationResult = {
  id: OperationId;
  label: string;
  reference: boolean;
  statements: Partial<Record<Target, StatementCount>>;
  parity: { sameShape: boolean; differences: string[] };
  windows: Window[];
  c32: { floor: Figures; equinox: Figures; rpsRatio: number; p99Ratio: number };
  c1: { floor: Figures; equinox: Figures; rpsRatio: number; p99Ratio: number };
};

export type ApiPartResult = {
  seconds: number;
  rounds: number;
  poolMax: number;
  operations: OperationResult[];
  memory: { equinoxAfterMb: number; floorAfterMb: number };
};

export type ApiPartOptions = {
  client: pg.Client;
  databaseUrl: string;
  catalog: Catalog;
  equinox: Server;
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
  const floor = await startFloor(options.databaseUrl, options.poolMax);
  log(`floor listening at ${floor.url} (pg pool of ${options.poolMax}, like Equinox's)`);
  let servers: Record<Target, Server> = { floor, equinox };
  const keyHeaders = { authorization: `Bearer ${catalog.apiKey}` };
  let windowCount = 0;
  const lastRps = new Map<string, number>();
  const pgPid = postgresPid();

  const window = async (op: Operation, target: Target, connections: number, seconds: number, round: number): Promise<Window> => {
    const tag = `w${++windowCount}${target[0]}`;
    if (op.claims) {
      // Enough pending customers for the window: 1.5 x what creation managed at this concurrency.
      const expected = lastRps.get(`goc_new:${target}:${connections}`) ?? (connections > 1 ? 3000 : 600);
      await seedPendingPool(client, tag, Math.ceil(expected * seconds * 1.5) + 500);
    }
    const cpu: Record<string, () => number> = { server: () => cpuMs(servers[target].pid) };
    if (pgPid) cpu.database = () => cpuMs(pgPid);
    const headers = op.noKey ? {} : keyHeaders;
    const result = await runLoad({ url: servers[target].url, path: op.path, headers, body: (n) => op.body(n, tag), connections, seconds, cpu, status: op.status });
    const claimed = op.claims ? await claimedFromPool(client, tag) : undefined;
    if (claimed !== undefined && claimed < result.requests) log(`  warning: only ${claimed} of ${result.requests} requests found a pending customer to claim`);
    return { ...result, target, round, ...(claimed !== undefined ? { claimed } : {}) };
  };

  const operations: OperationResult[] = [];
  for (const op of OPERATIONS.filter((o) => !options.only || options.only.includes(o.id))) {
    if (op.bareNext && !options.bareNext) continue;
    log(`${op.label}`);
    servers = { floor, equinox: op.bareNext ? options.bareNext! : equinox };
    // 1. Same answer? One request each, with bodies made for this check.
    if (op.claims) {
      await seedPendingPool(client, "parity_f", 1);
      await seedPendingPool(client, "parity_e", 1);
    }
    const [fromFloor, fromEquinox] = [await post(floor, op.path, op.noKey ? undefined : catalog.apiKey, op.body(0, "parity_f")), await post(servers.equinox, op.path, op.noKey ? undefined : catalog.apiKey, op.body(0, "parity_e"))];
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
        for (let n = 0; n < 20; n++) await post(servers[target], op.path, op.noKey ? undefined : catalog.apiKey, op.body(n, tag));
        statements[target] = await readStatements(client, 20);
      }
      log(`  SQL statements per request: floor ${statements.floor?.perRequest}, equinox ${statements.equinox?.perRequest}`);
    }

    // 3. Warm-up (discarded), then the measured windows.
    for (const target of ["floor", "equinox"] as const) await window(op, target, 32, options.warmupSeconds, 0);
    const windows: Window[] = [];
    for (const connections of [32, 1]) {
      for (let r = 1; r <= options.rounds; r++) {
        const order: Target[] = (r + (connections === 1 ? 1 : 0)) % 2 === 1 ? ["floor", "equinox"] : ["equinox", "floor"];
        for (const target of order) {
          const result = await window(op, target, connections, options.seconds, r);
          windows.push(result);
          if (op.id === "goc_new") lastRps.set(`goc_new:${target}:${connections}`, result.rps);
          const cpu = `cpu/req server ${result.cpuMsPerRequest.server} ms${result.cpuMsPerRequest.database !== undefined ? `, db ${result.cpuMsPerRequest.database} ms` : ""}`;
          log(`  c${connections} ${target.padEnd(7)} ${String(result.rps).padStart(7)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ${cpu}${result.errors ? `  ${result.errors} errors ${JSON.stringify(result.statuses)}` : ""}`);
        }
      }
    }
    const summary = (connections: number) => {
      const f = figures(windows.filter((w) => w.connections === connections && w.target === "floor"));
      const e = figures(windows.filter((w) => w.connections === connections && w.target === "equinox"));
      return { floor: f, equinox: e, rpsRatio: round(e.rps / f.rps, 2), p99Ratio: round(e.p99 / f.p99, 2) };
    };
    operations.push({ id: op.id, label: op.label, reference: op.reference ?? false, statements, parity: { sameShape: differences.length === 0, differences }, windows, c32: summary(32), c1: summary(1) });
  }

  const memory = { equinoxAfterMb: round(residentMemory(equinox.pid) / 2 ** 20, 1), floorAfterMb: round(residentMemory(floor.pid) / 2 ** 20, 1) };
  await floor.stop();
  return { seconds: round((Date.now() - started) / 1000, 1), rounds: options.rounds, poolMax: options.poolMax, operations, memory };
}
