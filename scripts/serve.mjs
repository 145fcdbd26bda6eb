// The production HTTP server: Next.js's request handler on a plain node:http server that this file
// owns, so that a termination signal drains instead of cutting requests off. `npm start` runs it
// (through scripts/start.ts, which passes --port/--hostname/--dir), and so does the container
// image, from Next.js's standalone output (where it replaces the generated server.js).
//
// Plain JavaScript on purpose: the image runs it with `node` alone, no TypeScript tooling.
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
import fs from "node:fs";
import http from "node:http";
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

/** Shared with the app's bundled code (lib/ops/lifecycle.ts): same key, same shape. */
const lifecycle = (globalThis.__equinoxLifecycle ??= { draining: false, graceMs: 10_000, hooks: [] });
const log = (line) => console.log(`[server] ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());

const { default: next } = await import("next");
const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

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
log(`Ready on http://${hostname}:${port} (pid ${process.pid})`);
// Tells a launcher that started it with an IPC channel that it is listening.
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

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
// Started by the launcher with an IPC channel: if the launcher dies (even by SIGKILL), stop too.
process.on("disconnect", () => void shutdown("launcher gone"));
