// One load window with autocannon: a fixed number of connections sending requests back to back
// for a fixed time. Latency is collected from every response (autocannon's own histogram keeps
// whole milliseconds, too coarse at concurrency 1), so p50/p99 are exact over the window.
import autocannon, { type AutocannonRequest } from "autocannon";
import { percentile, round } from "./stats";

export type LoadSpec = {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** The body of the n-th request of the window (n from 0). */
  body: (n: number) => unknown;
  connections: number;
  seconds: number;
  /** The status a successful answer has (default: any 2xx). */
  status?: number;
  /** Processes whose CPU time per request to report (the server, the database). */
  cpu?: Record<string, () => number>;
};

export type LoadResult = {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  statuses: Record<string, number>;
  /** CPU milliseconds per successful request, by process (see LoadSpec.cpu). */
  cpuMsPerRequest: Record<string, number>;
};

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let sent = 0;
  const latencies: number[] = [];
  const request: AutocannonRequest = {
    method: "POST",
    path: spec.path,
    headers: { ...spec.headers, "content-type": "application/json" },
    setupRequest: (req) => ({ ...req, body: JSON.stringify(spec.body(sent++)) }),
  };
  const cpuBefore = Object.fromEntries(Object.entries(spec.cpu ?? {}).map(([name, read]) => [name, read()]));
  const started = process.hrtime.bigint();
  const instance = autocannon({ url: spec.url, connections: spec.connections, duration: spec.seconds, timeout: 30, requests: [request] });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (spec.status ? status === spec.status : status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const okCount = () => (spec.status ? (result.statusCodeStats[String(spec.status)]?.count ?? 0) : result["2xx"]);
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(spec.cpu ?? {}).map(([name, read]) => [name, okCount() ? round((read() - cpuBefore[name]!) / okCount(), 2) : NaN]),
  );
  const ok = spec.status ? (result.statusCodeStats[String(spec.status)]?.count ?? 0) : result["2xx"];
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  return {
    connections: spec.connections,
    seconds: round(elapsed, 2),
    requests: ok,
    rps: round(ok / Math.min(elapsed, result.duration || elapsed), 1),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    errors: (spec.status ? result.requests.total - ok : result.non2xx) + result.errors + result.timeouts,
    statuses,
    cpuMsPerRequest,
  };
}
