// `npm start` as an operator runs it: its own embedded PostgreSQL, stopped by SIGTERM under API
// load (drains, stops everything, exits 0, leaves no process behind), killed by SIGKILL with
// everything it started (the next start clears the stale lock and is ready within 10 s), and its
// -p/-H flags. No acknowledged write is lost either way.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { resolveDataDir } from "../scripts/lib/embedded-postgres";
import { freePort } from "../tests/setup/free-port";
import { arrange, lostOrDoubled, prepareCustomers, startLoad, type Fixture } from "./harness/api-load";
import { logDir, root, waitUntil } from "./harness/standalone";

test.describe.configure({ mode: "serial" });

fs.mkdirSync(logDir, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), "equinox-ops-launcher-"));
fs.chmodSync(work, 0o755);
const requestedDataDir = path.join(work, "postgres");
let appPort: number;
let pgPort: number;
let fixture: Fixture;
const figures: Record<string, unknown> = {};

test.beforeAll(async () => {
  appPort = await freePort();
  pgPort = await freePort();
});

test.afterAll(() => {
  fs.mkdirSync(logDir, { recursive: true });
  fs.writeFileSync(path.join(logDir, "launcher-signals.json"), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`[ops] launcher: ${JSON.stringify(figures)}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(`${resolveDataDir(requestedDataDir)}`, { recursive: true, force: true });
});

type Launched = { child: ChildProcess; exited: Promise<number | null>; output: () => string };

/** `npm start -- <args>`: npm, then (exec) the launcher, which starts PostgreSQL and the server. */
function npmStart(args: string[], env: Record<string, string> = {}): Launched {
  const log = fs.createWriteStream(path.join(logDir, "launcher.log"), { flags: "a" });
  const child = spawn("npm", ["start", "--", ...args], {
    cwd: root,
    env: {
      ...process.env,
      AUTH_SECRET: "ops-launcher-secret-ops-launcher-secret-01",
      EMBEDDED_POSTGRES_DIR: requestedDataDir,
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      API_RATE_LIMIT_PER_MINUTE: "0",
      DATABASE_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
    });
  }
  return { child, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))), output: () => output };
}

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid="]).toString().trim().split("\n").map((line) => line.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of rows) {
      if (ppid !== parent) continue;
      found.push(child!);
      walk(child!);
    }
  };
  walk(pid);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const databaseUrl = () => {
  const dataDir = resolveDataDir(requestedDataDir);
  const password = fs.readFileSync(`${dataDir}.password`, "utf8").trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/equinox`;
};
const base = () => `http://127.0.0.1:${appPort}`;
const ready = async () => (await fetch(`${base()}/api/health/ready`)).status === 200;

test("unknown flags are refused with a message that names PORT, before anything starts", async () => {
  const launched = npmStart(["--bogus"]);
  expect(await launched.exited).toBe(2);
  expect(launched.output()).toMatch(/Unknown option "--bogus".*PORT/);
});

test("SIGTERM under load: drains, stops the server and PostgreSQL, exits 0, nothing left behind", async () => {
  test.setTimeout(180_000);
  const launched = npmStart(["-p", String(appPort), "-H", "127.0.0.1"]);
  // First start: creates the cluster and applies every migration; -p/-H are honoured.
  await waitUntil(ready, 120_000, "npm start was not ready");
  fixture = await arrange(databaseUrl());
  await prepareCustomers(base(), fixture);

  const load = startLoad(base, fixture, 6);
  await new Promise((r) => setTimeout(r, 3_000));
  const children = descendants(launched.child.pid!);
  expect(children.length).toBeGreaterThanOrEqual(3); // launcher, PostgreSQL (and its backends), server
  const signalled = Date.now();
  launched.child.kill("SIGTERM");
  const code = await launched.exited;
  const stopMs = Date.now() - signalled;
  const report = await load.stop();

  expect(code).toBe(0);
  expect(children.filter(alive)).toEqual([]);
  expect(fs.existsSync(path.join(resolveDataDir(requestedDataDir), "postmaster.pid"))).toBe(false);
  expect(launched.output()).toMatch(/\[server\] SIGTERM: draining/);

  // Start again: the acknowledged writes are all there, once; ready within 10 s.
  const again = Date.now();
  const second = npmStart(["--port", String(appPort), "--hostname", "127.0.0.1"]);
  await waitUntil(ready, 10_000, "the next start was not ready");
  const nextStartReadyMs = Date.now() - again;
  expect(await lostOrDoubled(databaseUrl(), report)).toEqual([]);
  figures.sigterm = { stopMs, exitCode: code, processes: children.length, requests: report.requests, byStatus: report.byStatus, trackAcknowledged: report.trackAcknowledged.length, nextStartReadyMs };

  // Then kill everything it started, as a power loss or `kill -9` of the container would.
  const load2 = startLoad(base, fixture, 6);
  await new Promise((r) => setTimeout(r, 2_000));
  const all = [second.child.pid!, ...descendants(second.child.pid!)];
  for (const pid of all) process.kill(pid, "SIGKILL");
  await second.exited;
  const report2 = await load2.stop();
  await waitUntil(async () => all.every((pid) => !alive(pid)), 5_000, "killed processes were still there");
  expect(fs.existsSync(path.join(resolveDataDir(requestedDataDir), "postmaster.pid"))).toBe(true); // the stale lock

  const restarted = Date.now();
  const third = npmStart(["-p", String(appPort), "-H", "127.0.0.1"]);
  await waitUntil(ready, 10_000, "the start after SIGKILL was not ready");
  const afterKillReadyMs = Date.now() - restarted;
  expect(await lostOrDoubled(databaseUrl(), report2)).toEqual([]);
  figures.sigkill = { requests: report2.requests, byStatus: report2.byStatus, trackAcknowledged: report2.trackAcknowledged.length, nextStartReadyMs: afterKillReadyMs };

  // A second signal stops at once, and still leaves nothing behind.
  const thirdChildren = descendants(third.child.pid!);
  const stopping = Date.now();
  third.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 50));
  third.child.kill("SIGTERM");
  const thirdCode = await third.exited;
  figures.secondSignal = { exitCode: thirdCode, ms: Date.now() - stopping };
  await waitUntil(async () => thirdChildren.every((pid) => !alive(pid)), 5_000, "processes left after a second signal");
});
