// `npm run bench [-- api|scale|page|events|dashboard ...] [--seconds=5] [--rounds=2] [--runs=50] [--customers=1000000] [--isolated]`
//
// Measures Equinox's production build (building it first when .next is missing or stale), started
// as `npm start` starts it, on a fresh PostgreSQL with its default durability (fsync and
// synchronous_commit on; `--fast-db` turns them off): the /v1 API against a floor server, the Customers pages at a million
// customers, page weight in Chromium and the server's memory. Prints one table and writes
// bench/results/latest.json (a run of every part) or bench/results/tmp/<parts>.json (some parts).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { runApiPart, type ApiPartResult } from "./api/run-api";
import type { OperationId } from "./api/operations";
import { buildWithSourceMaps, ensureProductionBuild } from "./lib/build";
import { ensureBareNextBuild } from "./lib/bare-next";
import { latestProfile, summarizeProfile } from "./lib/cpu-profile";
import { seedCatalog } from "./lib/catalog";
import { startBenchDatabase, type BenchDatabase } from "./lib/database";
import { machineInfo, watchLoad } from "./lib/machine";
import { elapsedSeconds, progress } from "./lib/progress";
import { largestProcessMemory, ROOT, startEquinox, stopAllServers, TMP_DIR } from "./lib/processes";
import { buildTable, layersTable, targetsTable, TARGETS, type Memory } from "./lib/report";
import { round } from "./lib/stats";
import { runPagePart, type PagePartResult } from "./page/run-page";
import { createStaffSession, runScalePart, type ScalePartResult } from "./scale/run-scale";
import { seedScale } from "./scale/seed";
import { eventsTable, runEventsPart } from "./events/run-events";
import { runImportAlone } from "./import/run-import";
import { dashboardTable, runDashboardPart, type DashboardPartResult } from "./dashboard/run-dashboard";

const PARTS = ["api", "scale", "page", "events", "dashboard", "import"] as const;
const PROFILE_DIR = path.join(TMP_DIR, "profiles");
type Part = (typeof PARTS)[number];

function parseArgs(argv: string[]) {
  const flags = new Map<string, string>();
  const parts = new Set<Part>();
  for (const arg of argv) {
    const flag = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (flag) flags.set(flag[1]!, flag[2] ?? "true");
    else if (arg === "memory") parts.add("api"); // memory is measured around the API runs
    else if ((PARTS as readonly string[]).includes(arg)) parts.add(arg as Part);
    else throw new Error(`Unknown argument ${arg}. Parts: ${PARTS.join(", ")} (memory = api); flags: --seconds --warmup --rounds --runs --customers --page-runs --ops --build --no-build --isolated --profile --node-options --composition --rate-limit=off --fast-db`);
  }
  const number = (name: string, fallback: number) => (flags.has(name) ? Number(flags.get(name)) : fallback);
  return {
    parts: parts.size ? [...parts] : [...PARTS],
    all: parts.size === 0 || parts.size === PARTS.length,
    seconds: number("seconds", 5),
    warmupSeconds: number("warmup", 3),
    // Two rounds of windows per concurrency, each figure the median (here: the mean) of the rounds'.
    // One 5 s window's p99 at c32 rests on ~50-90 responses: the same build's per-process c32 p99
    // ratio of events.aggregate read 1.77, 1.87, 1.96 and 2.57 in four runs.
    rounds: number("rounds", 2),
    runs: number("runs", 50),
    customers: number("customers", 1_000_000),
    pageRuns: number("page-runs", 3),
    dashboardRuns: number("dashboard-runs", 20),
    ops: flags.get("ops")?.split(",") as OperationId[] | undefined,
    build: flags.has("build") ? ("always" as const) : flags.has("no-build") ? ("never" as const) : ("auto" as const),
    isolated: flags.has("isolated"),
    profile: flags.has("profile"),
    /** Extra Node options for the Equinox server (e.g. "--max-old-space-size=256"). */
    nodeOptions: flags.get("node-options"),
    composition: flags.has("composition"),
    /** `--rate-limit=off` runs Equinox with the per-key API limit turned off, to measure what it costs. */
    rateLimit: flags.get("rate-limit") === "off" ? ("off" as const) : ("on" as const),
    /** `--fast-db`: PostgreSQL without fsync and synchronous_commit (the runs before issue 16 measured so). */
    fastDb: flags.has("fast-db"),
  };
}

function versions() {
  const require = createRequire(import.meta.url);
  const version = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
  return {
    node: process.versions.node,
    next: version("next"),
    react: version("react"),
    prisma: version("@prisma/client"),
    pg: version("pg"),
    autocannon: version("autocannon"),
    playwright: version("@playwright/test"),
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const log = progress("bench");
  const load = watchLoad();
  const machine = machineInfo();
  log(`parts: ${options.parts.join(", ")} on ${machine.cores} cores (${machine.cpuModel}); load average now ${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);

  // The events part times domain functions only: alone, it needs neither a build nor a server.
  if (options.parts.length === 1 && options.parts[0] === "events") return runEventsAlone(options, log);
  // The import part times the bulk import's domain functions (dry run, then batches): no build or server either.
  if (options.parts.length === 1 && options.parts[0] === "import") return runImportAlone(log);

  const build = await ensureProductionBuild(options.build, options.isolated, log);
  log(build.built ? `built in ${build.seconds?.toFixed(0)} s (${build.reason})` : `no build needed: ${build.reason}`);

  let database: BenchDatabase | undefined;
  const cleanup = async () => {
    await stopAllServers();
    await database?.stop().catch(() => undefined);
  };
  process.once("SIGINT", () => void cleanup().then(() => process.exit(130)));

  try {
    database = await startBenchDatabase(log, { durable: !options.fastDb });
    log(`PostgreSQL ${database.version} (${database.where})`);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on("error", () => undefined);
    const catalog = await seedCatalog(client);

    // This process calls the dashboard's domain functions directly: they read the same settings.
    const authSecret = randomBytes(32).toString("base64url");
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET = authSecret;
    const poolMax = 10;
    const equinoxEnv = {
      ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
      DATABASE_URL: database.url,
      AUTH_SECRET: authSecret,
      DATABASE_POOL_MAX: String(poolMax),
      // The per-key rate limit stays on (counted as in production) with a limit no window reaches,
      // unless --rate-limit=off.
      API_RATE_LIMIT_PER_MINUTE: options.rateLimit === "off" ? "0" : "1000000000",
      EMAIL_FROM: "Equinox <no-reply@equinox.test>",
    };
    // `npm start` with one server process: the per-process figures, and the server of the other parts.
    const equinox = await startEquinox({ ...equinoxEnv, WEB_CONCURRENCY: "1" }, build.projectDir, options.profile ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : []);
    await new Promise((r) => setTimeout(r, 2_000));
    const memory: Memory = { atRestMb: round(largestProcessMemory(equinox.pid) / 2 ** 20, 1), heapAtRest: equinox.heap?.() };
    log(`Equinox (npm start, WEB_CONCURRENCY=1) at ${equinox.url}, launcher pid ${equinox.pid}: server process ${memory.atRestMb} MB resident at rest`);

    let api: ApiPartResult | undefined;
    let scale: ScalePartResult | undefined;
    let page: PagePartResult | undefined;
    if (options.parts.includes("api")) {
      const apiLog = progress("api");
      // The framework's own cost, measured: a bare Next.js app beside Equinox (bench/next-bare).
      const bareNext =
        !options.ops || options.ops.some((op) => op.startsWith("bare_next"))
          ? await startEquinox({ DATABASE_URL: database.url, AUTH_SECRET: authSecret }, await ensureBareNextBuild(apiLog), [], "bare-next", "next-start")
          : undefined;
      // `npm start` as it runs by default: one server process per core (the per-machine figures).
      const equinoxMachine = await startEquinox(equinoxEnv, build.projectDir, [], "equinox-machine");
      apiLog(`Equinox per machine (npm start, ${machine.cores} server processes) at ${equinoxMachine.url}`);
      api = await runApiPart({
        client,
        databaseUrl: database.url,
        catalog,
        equinox,
        equinoxMachine,
        processesPerMachine: machine.cores,
        bareNext,
        poolMax,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        rounds: options.rounds,
        only: options.ops,
        statementStats: database.statementStats,
        log: apiLog,
      });
      await bareNext?.stop();
      await equinoxMachine.stop();
      memory.afterApiMb = api.memory.equinoxAfterMb;
      // And once the server has been idle for a while (V8 returns memory lazily after a burst).
      await new Promise((r) => setTimeout(r, 15_000));
      memory.afterApiIdleMb = round(largestProcessMemory(equinox.pid) / 2 ** 20, 1);
      memory.heapAfterApi = equinox.heap?.();
      log(
        `memory after the API runs: Equinox server process ${api.memory.equinoxAfterMb} MB (${memory.afterApiIdleMb} MB after 15 s idle; ` +
          `JS heap ${memory.heapAfterApi?.heapUsedMb} MB used of ${memory.heapAfterApi?.heapTotalMb} MB reserved), floor ${api.memory.floorAfterMb} MB`,
      );
    }
    if (options.parts.includes("scale")) {
      scale = await runScalePart({ client, databaseUrl: database.url, catalog, equinox, customers: options.customers, runs: options.runs, log: progress("scale") });
    }
    if (options.parts.includes("page")) {
      const pageLog = progress("page");
      let detailId = scale?.seed.detailCustomer.internalId;
      if (!detailId) {
        // Alone, the page part seeds a smaller set (page weight does not depend on the row count).
        const customers = process.argv.some((a) => a.startsWith("--customers")) ? options.customers : 10_000;
        pageLog(`seeding ${customers.toLocaleString("en")} customers for the pages`);
        detailId = (await seedScale(client, catalog, customers, () => undefined)).detailCustomer.internalId;
      }
      const session = await createStaffSession(client);
      let mapped: { server: Awaited<ReturnType<typeof startEquinox>>; projectDir: string } | undefined;
      if (options.composition) {
        const projectDir = await buildWithSourceMaps(build.projectDir, pageLog);
        mapped = { projectDir, server: await startEquinox({ DATABASE_URL: database.url, AUTH_SECRET: authSecret }, projectDir, [], "equinox-mapped") };
      }
      page = await runPagePart({ equinox, sessionToken: session.token, detailId, runs: options.pageRuns, log: pageLog, mapped });
      await mapped?.server.stop();
    }
    let dashboard: DashboardPartResult | undefined;
    if (options.parts.includes("dashboard")) {
      const dashboardLog = progress("dash");
      // A customers table of some size (what the scale or page part seeded, or 10,000), staff signed in.
      if (!scale && !page) {
        dashboardLog("seeding 10,000 customers");
        await seedScale(client, catalog, 10_000, () => undefined);
      }
      const session = await createStaffSession(client);
      dashboard = await runDashboardPart({ equinox, sessionToken: session.token, plan: { id: "pro", name: "Pro" }, runs: options.dashboardRuns, log: dashboardLog });
    }
    const events = options.parts.includes("events") ? await runEventsPart({ client, catalog, runs: Math.max(options.runs, 50), log: progress("events") }) : undefined;
    memory.endMb = round(largestProcessMemory(equinox.pid) / 2 ** 20, 1);
    await client.end();
    await cleanup();

    const situation = load.stop();
    const profileFile = options.profile ? latestProfile(PROFILE_DIR) : undefined;
    const profile = profileFile ? summarizeProfile(profileFile) : undefined;
    const table = [buildTable({ api, scale, page, memory }), ...(api ? [targetsTable(api), layersTable(api)] : [])].join("\n\n");
    const title = `Equinox benchmark: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${process.versions.node}, PostgreSQL ${database.version}, ${new Date().toISOString().slice(0, 10)}${options.rateLimit === "off" ? ", API rate limit off" : ""}`;
    process.stdout.write(`\n${title}\n\n${table}\n\n${events ? `${eventsTable(events)}\n\n` : ""}${dashboard ? `${dashboardTable(dashboard)}\n\n` : ""}`);
    process.stdout.write(
      `Load during the run (${situation.seconds} s): load average ${situation.loadAverage.min}–${situation.loadAverage.max} (mean ${situation.loadAverage.mean}); ` +
        `this run's processes used ${Math.round(situation.ownCpuShare * 100)}% of the CPU capacity, other processes ${Math.round(situation.otherCpuShare * 100)}%` +
        (situation.busiestOthers.length ? ` (busiest: ${situation.busiestOthers.map((p) => `${p.command} ${p.cpuSeconds} s`).join(", ")})` : "") +
        ".\n",
    );
    if (profile) {
      process.stdout.write(`\nCPU profile of the Equinox server (${profile.seconds} s, ${path.relative(process.cwd(), profile.file)}), self time:\n`);
      for (const p of profile.byPackage) process.stdout.write(`  ${String(p.ms).padStart(7)} ms ${String(p.share).padStart(5)}%  ${p.name}\n`);
      process.stdout.write("  top functions:\n");
      for (const p of profile.byFunction) process.stdout.write(`  ${String(p.ms).padStart(7)} ms ${String(p.share).padStart(5)}%  ${p.name}\n`);
    }
    for (const [id, parts] of Object.entries(page?.composition ?? {})) {
      process.stdout.write(`\nJavaScript of the ${id} page by package (KB compressed):\n${parts.slice(0, 20).map((p) => `  ${String(p.kb).padStart(6)}  ${p.group}`).join("\n")}\n`);
    }
    for (const s of scale?.scenarios.filter((s) => s.plans) ?? []) {
      process.stdout.write(`\nQuery plans, ${s.label} (domain p95 ${s.domain.p95} ms):\n${s.plans!.join("\n\n")}\n`);
    }

    const result = {
      date: new Date().toISOString(),
      title,
      machine,
      versions: { ...versions(), postgresql: database.version, chromium: page?.chromium },
      build,
      database: {
        where: database.where,
        version: database.version,
        settings: options.fastDb ? "fsync=off, synchronous_commit=off, full_page_writes=off (--fast-db), pg_stat_statements" : "default durability (fsync, synchronous_commit, full_page_writes on), pg_stat_statements",
      },
      options,
      targets: TARGETS,
      load: situation,
      memory,
      api,
      scale,
      page,
      events,
      dashboard,
      profile,
      seconds: round(elapsedSeconds(), 0),
      table,
    };
    const file = options.all ? path.join(ROOT, "bench", "results", "latest.json") : path.join(TMP_DIR, `${options.parts.join("-")}${options.rateLimit === "off" ? "-rate-limit-off" : ""}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    // The dashboard's figures are also kept on their own (committed), whichever parts ran with them.
    if (dashboard) {
      const { date, machine: m, versions: v, build: b, database: d, load: l } = result;
      fs.writeFileSync(path.join(ROOT, "bench", "results", "dashboard.json"), `${JSON.stringify({ date, title, machine: m, versions: v, build: b, database: d, load: l, dashboard, table: dashboardTable(dashboard) }, null, 2)}\n`);
    }
    process.stdout.write(`\nWrote ${path.relative(process.cwd(), file)} (${round(elapsedSeconds() / 60, 1)} min).\n`);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function runEventsAlone(options: ReturnType<typeof parseArgs>, log: (line: string) => void) {
  const database = await startBenchDatabase(log);
  try {
    log(`PostgreSQL ${database.version} (${database.where})`);
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on("error", () => undefined);
    const catalog = await seedCatalog(client);
    const events = await runEventsPart({ client, catalog, runs: Math.max(options.runs, 50), log: progress("events") });
    await client.end();
    process.stdout.write(`\n${eventsTable(events)}\n\n`);
    const file = path.join(TMP_DIR, "events.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), postgresql: database.version, events }, null, 2)}\n`);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}.\n`);
  } finally {
    await database.stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
