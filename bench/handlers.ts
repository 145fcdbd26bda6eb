// `npm run bench:handlers [-- --ops=check,track --requests=3000 --rate-limit=off]`: the /v1 route handlers called in process, without Next.js around them,
// so that the server CPU of a request can be split between the framework (the API part's figures
// minus these) and Equinox's own code (these): the wrapper, validation, the domain function, the
// SQL driver and the JSON answer. Same database and data as the API part. `--cpu-prof` on the
// command line (node options) profiles exactly this code.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { seedCatalog } from "./lib/catalog";
import { startBenchDatabase } from "./lib/database";
import { OPERATIONS, type OperationId } from "./api/operations";
import { seedApiCustomers, seedPendingPool } from "./api/seed";
import { round } from "./lib/stats";

type Handler = (request: Request) => Promise<Response>;
const ROUTES: Record<string, () => Promise<{ POST: Handler }>> = {
  "/v1/customers.get_or_create": () => import("../app/v1/customers.get_or_create/route"),
  "/v1/balances.check": () => import("../app/v1/balances.check/route"),
  "/v1/balances.track": () => import("../app/v1/balances.track/route"),
  "/v1/plans.list": () => import("../app/v1/plans.list/route"),
  "/v1/events.aggregate": () => import("../app/v1/events.aggregate/route"),
  "/v1/entities.get": () => import("../app/v1/entities.get/route"),
};

// Next.js runs every handler inside AsyncLocalStorage contexts; on Node 20 that turns on async
// hooks, which make every promise dearer. The calls here run inside one too, to count that cost.
const storage = new AsyncLocalStorage<{ request: number }>();

const args = new Map(process.argv.slice(2).map((a) => /^--([\w-]+)(?:=(.*))?$/.exec(a)).filter((m) => m !== null).map((m) => [m[1]!, m[2] ?? "true"]));
const requests = Number(args.get("requests") ?? 3000);
const only = args.get("ops")?.split(",") as OperationId[] | undefined;

async function main() {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const database = await startBenchDatabase(log);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const catalog = await seedCatalog(client);
    await seedApiCustomers(client, catalog);
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
    process.env.DATABASE_POOL_MAX = "10";
    process.env.API_RATE_LIMIT_PER_MINUTE = args.get("rate-limit") === "off" ? "0" : "1000000000";

    process.stdout.write(`| operation | c1 ms/req (wall) | CPU ms/req (this process) | c32 req/s | CPU ms/req at c32 |\n|---|---|---|---|---|\n`);
    // entities.get needs the API part's seat entities (seeded through the server): not here.
    for (const operation of OPERATIONS.filter((o) => !o.reference && o.id !== "entities_get" && (!only || only.includes(o.id)))) {
      const route = (await ROUTES[operation.path]!()).POST;
      const call = (n: number, tag: string) =>
        storage.run({ request: n }, () => route(
          new Request(`http://bench.local${operation.path}`, {
            method: "POST",
            headers: { authorization: `Bearer ${catalog.apiKey}`, "content-type": "application/json" },
            body: JSON.stringify(operation.body(n, tag)),
          }),
        )).then(async (response) => {
          if (response.status !== (operation.status ?? 200)) throw new Error(`${operation.id}: ${response.status} ${await response.text()}`);
          await response.arrayBuffer();
        });
      const tag = (phase: string) => `h${phase}${randomBytes(3).toString("hex")}`;
      const run = async (phase: string, concurrency: number) => {
        const t = tag(phase);
        if (operation.claims) await seedPendingPool(client, t, requests);
        let next = 0;
        const cpu = process.cpuUsage();
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < requests) await call(next++, t);
          }),
        );
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        return { msPerRequest: ms / requests, cpuPerRequest: (used.user + used.system) / 1000 / requests, perSecond: (requests * 1000) / ms };
      };
      await run("w", 8);
      const c1 = await run("a", 1);
      const c32 = await run("b", 32);
      process.stdout.write(
        `| ${operation.label} | ${round(c1.msPerRequest, 2)} | ${round(c1.cpuPerRequest, 2)} | ${round(c32.perSecond, 0)} | ${round(c32.cpuPerRequest, 2)} |\n`,
      );
    }
  } finally {
    await client.end();
    // The rate limiter's last counts, before the pool closes and the database goes.
    const { batchedCounters } = await import("../lib/rate-limit/shared-counters");
    await batchedCounters().flush();
    const { closeDb } = await import("../lib/db");
    await closeDb();
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
