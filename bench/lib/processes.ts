// The servers under test, as child processes whose ids the benchmark knows (for their memory and
// CPU): Equinox as users run it (`npm start`: scripts/start.ts, then scripts/serve.mjs, one server
// process per core unless WEB_CONCURRENCY says otherwise), the bare Next.js app (`next start`) and
// the floor (one process, or one per core). Their output goes to log files in bench/results/tmp/.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "../../tests/setup/free-port";
import { serverNodeFlags } from "../../scripts/lib/server-args";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TMP_DIR = path.join(ROOT, "bench", "results", "tmp");

export type Server = { name: string; url: string; pid: number; logFile: string; stop(): Promise<void>; heap?: () => HeapFigures | undefined };

/** The server's own view of its memory (bench/lib/memory-probe.cjs), in MB. */
export type HeapFigures = { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number };

const children = new Set<ChildProcess>();

/** Stops every server this process started (on exit, error or Ctrl-C). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      children.delete(child);
      return resolve();
    }
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function launch(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): { child: ChildProcess; logFile: string; output: () => string } {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  const logFile = path.join(TMP_DIR, `${name}.log`);
  const log = fs.createWriteStream(logFile);
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
    log.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  return { child, logFile, output: () => output };
}

async function waitFor(name: string, child: ChildProcess, ready: () => Promise<boolean>, logFile: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (code ${child.exitCode}); see ${logFile}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${name} was not ready within ${timeoutMs / 1000} s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * The build in `projectDir` (the checkout, or the isolated snapshot) on a free port, with the
 * production environment, ready once /api/health answers: by default as `npm start` runs it
 * (`how: "npm-start"`: the launcher, scripts/serve.mjs, WEB_CONCURRENCY server processes from
 * `env`, one per core without it), or `next start` (the bare Next.js app, which has no launcher).
 */
export async function startEquinox(env: Record<string, string>, projectDir = ROOT, nodeArgs: string[] = [], name = "equinox", how: "npm-start" | "next-start" = "npm-start"): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const probeFile = path.join(TMP_DIR, `${name}-memory.json`);
  fs.mkdirSync(TMP_DIR, { recursive: true });
  for (const file of fs.readdirSync(TMP_DIR).filter((f) => f.startsWith(`${name}-memory.`))) fs.rmSync(path.join(TMP_DIR, file), { force: true });
  const probe = `--import ${pathToFileURL(path.join(ROOT, "bench/lib/memory-probe.mjs")).href}`;
  // Node options such as --cpu-prof cannot travel in NODE_OPTIONS through the launcher: with them,
  // the server is started as the container starts it (scripts/serve.mjs with the production
  // server's V8 flags, which its server processes inherit with the other node options).
  const command =
    how === "next-start"
      ? [...nodeArgs, path.join(projectDir, "node_modules/next/dist/bin/next"), "start", "--port", String(port), "--hostname", "127.0.0.1"]
      : nodeArgs.length
        ? [...serverNodeFlags(env.NODE_OPTIONS), ...nodeArgs, path.join(projectDir, "scripts/serve.mjs"), "--dir", projectDir, "--port", String(port), "--hostname", "127.0.0.1"]
        : ["--conditions=react-server", "--import", "tsx", path.join(projectDir, "scripts/start.ts"), "--port", String(port), "--hostname", "127.0.0.1"];
  const { child, logFile } = launch(
    name,
    process.execPath,
    command,
    {
      ...process.env,
      ...env,
      NODE_OPTIONS: [env.NODE_OPTIONS, probe].filter(Boolean).join(" "),
      MEMORY_PROBE_FILE: probeFile,
      APP_URL: url,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
    },
    projectDir,
  );
  await waitFor(name, child, async () => (await fetch(`${url}/api/health`)).ok, logFile);
  // Each process writes its own file (memory-probe.mjs); the server process is the largest one.
  const heap = () => {
    const figures: HeapFigures[] = [];
    for (const file of fs.readdirSync(TMP_DIR).filter((f) => f.startsWith(`${name}-memory.`))) {
      try {
        figures.push(JSON.parse(fs.readFileSync(path.join(TMP_DIR, file), "utf8")) as HeapFigures);
      } catch {
        // being written
      }
    }
    return figures.sort((a, b) => b.rssMb - a.rssMb)[0];
  };
  return { name, url, pid: child.pid!, logFile, stop: () => stopChild(child), heap };
}

/** The floor server (bench/floor/server.ts) on a free port, in `processes` processes (node:cluster, as serve.mjs). */
export async function startFloor(databaseUrl: string, poolMax: number, processes = 1, name = "floor"): Promise<Server> {
  const port = await freePort();
  const { child, logFile, output } = launch(name, process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(ROOT, "bench/floor/server.ts")], {
    ...process.env,
    FLOOR_DATABASE_URL: databaseUrl,
    FLOOR_POOL_MAX: String(poolMax),
    FLOOR_PORT: String(port),
    FLOOR_PROCESSES: String(processes),
    NODE_ENV: "production",
  });
  await waitFor(name, child, async () => output().includes("floor listening on"), logFile, 30_000);
  return { name, url: `http://127.0.0.1:${port}`, pid: child.pid!, logFile, stop: () => stopChild(child) };
}

/** Resident memory (bytes) of a process and all its descendants, from /proc. */
export function residentMemory(pid: number): number {
  const tree = processTree(pid);
  let total = 0;
  for (const member of tree) {
    try {
      const status = fs.readFileSync(`/proc/${member}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
      total += kb * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

/** Resident memory (bytes) of the largest process of a process tree: one server process. */
export function largestProcessMemory(pid: number): number {
  let largest = 0;
  for (const member of processTree(pid)) {
    try {
      const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${member}/status`, "utf8"))?.[1] ?? 0);
      largest = Math.max(largest, kb * 1024);
    } catch {
      // gone
    }
  }
  return largest;
}

/** CPU time (ms) used so far by a process and its descendants, living or reaped. */
export function cpuMs(pid: number): number {
  let total = 0;
  for (const member of processTree(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${member}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime, stime, cutime, cstime in clock ticks (100 per second).
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 10;
    } catch {
      // gone
    }
  }
  return total;
}

/** The PostgreSQL server this process started (the embedded one), if any: its postmaster's id. */
export function postgresPid(): number | undefined {
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (command === "postgres" && ppid === process.pid) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

function processTree(pid: number): Set<number> {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  return tree;
}
