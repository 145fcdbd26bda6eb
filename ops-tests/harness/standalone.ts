// The standalone build as the container image runs it: .next/standalone with the static assets and
// public/ copied in (as the Dockerfile does) and scripts/serve.mjs as the entry point, one process
// per instance, on a port of its own.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "../../lib/env";
import { freePort } from "../../tests/setup/free-port";

export const root = path.resolve(import.meta.dirname, "../..");
export const standaloneDir = path.join(root, ".next", "standalone");
export const logDir = path.join(root, "test-results", "ops");

/** Completes .next/standalone the way the Dockerfile does. */
export function prepareStandalone(): void {
  if (!fs.existsSync(path.join(standaloneDir, "server.js"))) {
    throw new Error(".next/standalone/server.js is missing: run `npx next build` first (next.config.ts sets output: standalone)");
  }
  fs.cpSync(path.join(root, ".next", "static"), path.join(standaloneDir, ".next", "static"), { recursive: true });
  fs.cpSync(path.join(root, "public"), path.join(standaloneDir, "public"), { recursive: true });
  fs.copyFileSync(path.join(root, "scripts", "serve.mjs"), path.join(standaloneDir, "serve.mjs"));
}

export type Instance = {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** Sends `signal` and resolves with the exit code and how long the process took to exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
  exited: Promise<number | null>;
};

export async function waitUntil(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startInstance(name: string, env: Record<string, string>, port?: number): Promise<Instance> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  fs.mkdirSync(logDir, { recursive: true });
  const log = fs.createWriteStream(path.join(logDir, `${name}.log`), { flags: "a" });
  const child: ChildProcess = spawn(process.execPath, [path.join(standaloneDir, "serve.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: standaloneDir,
    env: childEnv({ ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await waitUntil(
    async () => {
      if (child.exitCode !== null) return true;
      return (await fetch(`${url}/api/health/ready`)).status === 200;
    },
    60_000,
    `${name} was not ready`,
  );
  if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}); see test-results/ops/${name}.log`);
  return {
    name,
    url,
    port,
    pid: child.pid!,
    exited,
    stop: async (signal = "SIGTERM") => {
      const started = Date.now();
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      return { code, ms: Date.now() - started };
    },
  };
}
