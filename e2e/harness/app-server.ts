// Starts the production build on a free port with the test stack's environment and waits for
// /api/health: scripts/serve.mjs, the server `npm start` runs (the lean /v1 path included), in one
// process (WEB_CONCURRENCY=1: the run's workers share the machine's cores).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { childEnv } from "../../lib/env";
import { freePort } from "../../tests/setup/free-port";

const root = path.resolve(import.meta.dirname, "../..");

export type AppServer = { url: string; port: number; logFile: string; stop(): Promise<void> };

export async function startAppServer(env: Record<string, string>, name = "app"): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(root, "test-results", `${name}-server.log`);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts/serve.mjs"), "--dir", root, "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: childEnv({ WEB_CONCURRENCY: "1", ...env, APP_URL: url, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not become healthy in 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port,
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
