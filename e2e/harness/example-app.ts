// The example app (examples/nextjs-autumn: autumn-js's React hooks and backend handler) for the
// specs that drive it: built with the repository's Next.js when its sources changed since the last
// build (a hash of them is kept beside the build), then served by `next start` on a free port,
// pointed at the Equinox under test with the secret key it is given.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../tests/setup/free-port";

const root = path.resolve(import.meta.dirname, "../..");
const exampleDir = path.join(root, "examples/nextjs-autumn");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const stampFile = path.join(exampleDir, ".next/e2e-source-hash");
const NOT_SOURCES = new Set([".next", "node_modules", "next-env.d.ts", "tsconfig.tsbuildinfo"]);

export type ExampleApp = { url: string; logFile: string; stop(): Promise<void> };

function sourceHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (NOT_SOURCES.has(entry.name)) continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else hash.update(path.relative(exampleDir, file)).update("\0").update(fs.readFileSync(file));
    }
  };
  walk(exampleDir);
  // A new Next.js or SDK is a new build too.
  for (const pkg of ["next", "autumn-js"]) hash.update(fs.readFileSync(path.join(root, "node_modules", pkg, "package.json")));
  return hash.digest("hex");
}

/** Builds the example unless its last build was of these very sources. */
export async function buildExampleApp(): Promise<void> {
  const hash = sourceHash();
  if (fs.existsSync(path.join(exampleDir, ".next/BUILD_ID")) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === hash) return;
  await promisify(execFile)(process.execPath, [nextBin, "build"], {
    cwd: exampleDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    maxBuffer: 16 * 1024 * 1024,
  });
  fs.writeFileSync(stampFile, hash);
}

export async function startExampleApp(settings: { equinoxUrl: string; secretKey: string }): Promise<ExampleApp> {
  await buildExampleApp();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(root, "test-results", "example-app-server.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: exampleDir,
    env: { ...process.env, EQUINOX_URL: settings.equinoxUrl, AUTUMN_SECRET_KEY: settings.secretKey, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the example app exited (${child.exitCode}); see ${logFile}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the example app did not answer in 60 s; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    logFile,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
