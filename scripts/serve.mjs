// The production HTTP server: Next.js's request handler on a plain node:http server that this file
// owns, so that a termination signal drains instead of cutting requests off. `npm start` runs it
// (through scripts/start.ts, which passes --port/--hostname/--dir), and so does the container
// image, from Next.js's standalone output (where it replaces the generated server.js).
//
// Plain JavaScript on purpose: the image runs it with `node` alone, no TypeScript tooling.
//
// One server process per core (WEB_CONCURRENCY overrides; 1 = a single process, no primary): a
// small primary process (node:cluster) forks the servers, which share the port, restarts one that
// crashes, and passes a stop on to all of them. Each server process runs the app's background work
// too (outbox worker, housekeeping); they share it through the database (FOR UPDATE SKIP LOCKED).
//
// /v1 takes the lean path: the app's instrumentation hands this file a dispatcher over the /v1
// route modules (app/v1/route-table.ts, lib/api/v1-dispatcher.ts), which serves them without
// Next.js's routing; everything else, and whatever the dispatcher leaves, goes to Next.js.
//
// On SIGTERM or SIGINT (or when the launcher that started it goes away):
//   1. readiness (/api/health/ready) answers 503 at once, and the listening socket closes: new
//      connections are refused, idle keep-alive connections closed;
//   2. requests in flight get up to the grace period (SHUTDOWN_GRACE_SECONDS, 10 s; published by
//      instrumentation.ts, which reads it through lib/env.ts) to finish, answered with
//      `Connection: close`;
//   3. the app's shutdown hooks run (the outbox worker finishes or hands back its job, the
//      database pool closes) and the process exits 0.
// A second signal exits at once (code 1).
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, dir: { type: "string" } },
});
const dir = path.resolve(args.dir ?? path.dirname(fileURLToPath(import.meta.url)));
// The container sets PORT/HOSTNAME, as for Next.js's own standalone server.js.
const port = Number(args.port ?? process.env.PORT ?? 3000);
const hostname = args.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";

// The configuration the build was made with (required-server-files.json), handed over as Next.js's
// generated standalone server.js does: standalone output has no next.config.ts, and in the project
// the build's own resolved configuration is the right one for serving that build too.
const requiredFiles = path.join(dir, ".next", "required-server-files.json");
if (fs.existsSync(requiredFiles)) {
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(JSON.parse(fs.readFileSync(requiredFiles, "utf8")).config);
}
process.env.NODE_ENV = "production";
process.chdir(dir);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
const processes = serverProcesses(process.env.WEB_CONCURRENCY);
if (cluster.isPrimary && processes > 1) await runPrimary(processes);
else await runServer();

/** WEB_CONCURRENCY (a whole number of processes), or one per core. */
function serverProcesses(value) {
  if (value === undefined || value.trim() === "") return os.availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`WEB_CONCURRENCY must be a whole number of processes from 1 to 256 (got "${value}")`);
  return n;
}

/**
 * The primary of several server processes: forks them (they share the port through node:cluster),
 * says ready once all listen, restarts one that dies (unless they keep dying, or before the first
 * ready: then it stops), and on a stop signal tells every one to drain and waits for them.
 */
async function runPrimary(count) {
  const log = (line) => console.log(`[server] ${line}`);
  log(`starting ${count} server processes (one per core; WEB_CONCURRENCY sets the number)`);
  const ready = new Set();
  const recentCrashes = [];
  let announced = false;
  let stopping = false;
  let exitCode = 0;

  // DATABASE_POOL_MAX counts per process. Unset, the processes share 40 connections (10 each up to
  // four processes, at least 2 each), so that one per core stays within PostgreSQL's default 100.
  const env = process.env.DATABASE_POOL_MAX ? {} : { DATABASE_POOL_MAX: String(Math.max(2, Math.min(10, Math.floor(40 / count)))) };
  const fork = () => {
    const worker = cluster.fork(env);
    worker.on("message", (message) => {
      if (message?.type !== "ready") return;
      ready.add(worker.id);
      if (!announced && ready.size >= count) {
        announced = true;
        log(`Ready on http://${hostname}:${port} (${count} processes, primary pid ${process.pid})`);
        process.send?.({ type: "ready", port, processes: count });
      }
    });
  };
  cluster.on("exit", (worker, code, signal) => {
    ready.delete(worker.id);
    const alive = Object.keys(cluster.workers ?? {}).length;
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (alive === 0) process.exit(exitCode);
      return;
    }
    const how = signal ? `signal ${signal}` : `code ${code}`;
    const now = Date.now();
    recentCrashes.push(now);
    while (recentCrashes.length && recentCrashes[0] < now - 60_000) recentCrashes.shift();
    if (!announced || recentCrashes.length > 5) {
      log(`a server process exited (${how}) ${announced ? "too often" : "before it was ready"}: stopping`);
      exitCode = 1;
      void stop("a server process failed");
      return;
    }
    log(`a server process exited (${how}): starting another`);
    fork();
  });
  for (let i = 0; i < count; i++) fork();

  async function stop(reason) {
    if (stopping) {
      log(`${reason} again: exiting now`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(1);
    }
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    // A stop signal sent to the process group has reached the servers already; one sent to this
    // process alone (a container's PID 1) reaches them through this message. Either way each
    // drains once (scripts/serve.mjs's runServer ignores the second request to stop).
    for (const worker of workers) {
      try {
        worker?.send({ type: "shutdown", reason });
      } catch {
        // already gone
      }
    }
  }
  let signals = 0;
  const onSignal = (signal) => {
    if (++signals > 1 || !stopping) void stop(signal);
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("disconnect", () => {
    if (!stopping) void stop("launcher gone");
  });
}

async function runServer() {
  // Several processes: each line says which (after the text, so "[server] SIGTERM: draining" reads the same).
  const worker = cluster.isWorker ? ` [process ${cluster.worker.id}]` : "";
  /** Shared with the app's bundled code (lib/ops/lifecycle.ts): same key, same shape. */
  const lifecycle = (globalThis.__equinoxLifecycle ??= { draining: false, graceMs: 10_000, hooks: [] });
  const log = (line) => console.log(`[server] ${line}${worker}`);
  // Asks the app's instrumentation for the lean /v1 dispatcher (instrumentation.ts). EQUINOX_V1_VIA_NEXT=1
  // sends /v1 through Next.js's routing instead (the same route modules), to compare the two.
  const lean = process.env.EQUINOX_V1_VIA_NEXT === "1" ? undefined : (globalThis.__equinoxV1 ??= { dispatch: undefined });
  // Shared with lib/rate-limit/client-address.ts: same name. The flag tells it this server stamps
  // the header (under `next start` a client could send it).
  const SOCKET_ADDRESS_HEADER = "x-equinox-socket-address";
  globalThis.__equinoxStampsSocketAddress = true;

  const { default: next } = await import("next");
  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // In production Next.js prepares its server (and runs the app's instrumentation: the outbox
  // worker, the lean /v1 dispatcher) at the first request; do it now, before listening. Should a
  // Next.js version move this, the first request still does it (the dispatcher is read per request).
  await (await app.server?.getServer?.())?.prepare?.().catch((error) => console.error(error));

  let inFlight = 0;
  let onIdle;
  const server = http.createServer((req, res) => {
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    });
    // A request that arrives on a kept-alive connection while draining is still served, but the
    // connection is not kept: the client's next request goes to another instance.
    if (lifecycle.draining) res.setHeader("connection", "close");
    if (lean?.dispatch && req.url?.startsWith("/v1/") && lean.dispatch(req, res)) return;
    // What the lean path leaves to Next.js (an encoded character, a trailing slash, HEAD, ...) still
    // carries the client's address for /v1's invalid-key limit: stamped from the socket over any
    // value the client sent (lib/rate-limit/client-address.ts reads it only in this server).
    req.headers[SOCKET_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    handle(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  // Longer than any proxy's idle timeout in front of it (deploy/Caddyfile keeps 30 s), so that the
  // proxy, not the server, closes idle connections: no request is sent on a connection being closed.
  server.keepAliveTimeout = 65_000;

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });
  log(`Ready on http://${hostname}:${port} (pid ${process.pid}${lean?.dispatch ? "" : ", /v1 through Next.js"})`);
  // Tells a launcher that started it with an IPC channel (or the primary) that it is listening.
  process.send?.({ type: "ready", port });

  let stopping = false;
  async function shutdown(reason) {
    if (stopping) {
      log(`${reason} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    const deadline = started + lifecycle.graceMs;
    lifecycle.draining = true;
    log(`${reason}: draining (${inFlight} request(s) in flight, up to ${lifecycle.graceMs / 1000} s)`);
    server.close();
    server.closeIdleConnections();
    if (inFlight > 0) await Promise.race([new Promise((resolve) => (onIdle = resolve)), sleep(deadline - Date.now())]);
    const cutOff = inFlight;
    server.closeAllConnections();
    // Hooks get what is left of the grace period, and at least a second each.
    for (const hook of lifecycle.hooks) {
      const outcome = await Promise.race([
        hook.run().then(
          () => "ok",
          (error) => `failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
        sleep(Math.max(1_000, deadline - Date.now())).then(() => "timed out"),
      ]);
      if (outcome !== "ok") log(`stopping ${hook.name} ${outcome}`);
    }
    await app.close?.().catch(() => undefined);
    log(`stopped in ${Date.now() - started} ms${cutOff ? ` (${cutOff} request(s) cut off at the grace period)` : ""}`);
    process.exit(0);
  }

  // A second signal exits at once. The primary's request to stop (which may arrive before or
  // after the same signal sent to the whole process group) and the launcher going away only start
  // the drain; they never count as the second signal.
  let signals = 0;
  const onSignal = (signal) => {
    if (++signals > 1 || !stopping) void shutdown(signal);
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("message", (message) => {
    if (message?.type === "shutdown" && !stopping) void shutdown(message.reason);
  });
  // Started by the launcher (or the primary) with an IPC channel: if it dies (even by SIGKILL), stop too.
  process.on("disconnect", () => {
    if (!stopping) void shutdown("launcher gone");
  });
}
