// Shared by `npm run dev` and `npm start`: parse -p/-H, open the database (embedded unless
// DATABASE_URL), apply migrations, then run the app server under the process manager, which stops
// everything in order on SIGTERM/SIGINT (see process-manager.ts).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { childEnv, rawEnv, shutdownGraceSeconds } from "../../lib/env";
import { openDatabase, type Database } from "./database";
import { migrate } from "./migrate";
import { projectRoot } from "./prisma-cli";
import { ProcessManager, type Service } from "./process-manager";
import { parseServerArgs, ServerArgsError, serverNodeFlags, type ServerArgs } from "./server-args";

export type { Service };

export const say = (line: string) => console.log(`\x1b[36m[equinox]\x1b[0m ${line}`);

/** A development secret, generated once and kept with the local data (never used in production). */
export function developmentAuthSecret(): string {
  const file = path.join(projectRoot, ".data", "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** The launcher's -p/-H; a bad flag ends the process with the usage (exit 2). */
export function serverArgs(): ServerArgs {
  try {
    return parseServerArgs(process.argv.slice(2), { PORT: rawEnv("PORT") });
  } catch (error) {
    if (!(error instanceof ServerArgsError)) throw error;
    console.error(`[equinox] ${error.message}`);
    process.exit(2);
  }
}

/**
 * Opens the database and applies migrations. With a process manager, the embedded server is one of
 * its services, in its own process group (stopped after the app has drained).
 */
export async function prepareDatabase(manager?: ProcessManager): Promise<Database> {
  const database = await openDatabase(say, { detached: Boolean(manager) });
  manager?.add({ name: "PostgreSQL", stop: database.stop, kill: database.kill });
  say(`Database: ${database.describe}`);
  const applied = await migrate(database.migrationUrl, (line) => say(line));
  if (applied.length === 0) say("Database schema is up to date.");
  return database;
}

export function processManager(): ProcessManager {
  return new ProcessManager(say);
}

/** How long the app server may take to stop: the grace period, plus its shutdown hooks. */
const stopTimeoutMs = () => shutdownGraceSeconds() * 1000 + 10_000;

/** The production server (scripts/serve.mjs: Next.js on a server that drains on SIGTERM). */
export function runProductionServer(manager: ProcessManager, args: ServerArgs, env: Record<string, string | undefined>): void {
  const serve = path.join(projectRoot, "scripts", "serve.mjs");
  const flags = ["--dir", projectRoot, "--port", String(args.port), ...(args.hostname ? ["--hostname", args.hostname] : [])];
  // The IPC channel tells the server when the launcher is gone (even killed): it stops too. Its
  // server processes (node:cluster) inherit the Node flags.
  manager.spawnChild("Next.js server", process.execPath, [...serverNodeFlags(), serve, ...flags], {
    cwd: projectRoot,
    env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", ...env }),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    stopTimeoutMs: stopTimeoutMs(),
  });
}

/** `next dev`, stopped through its process group (it runs a worker process of its own). */
export function runDevServer(manager: ProcessManager, args: ServerArgs, env: Record<string, string | undefined>): void {
  const nextBin = path.join(projectRoot, "node_modules", "next", "dist", "bin", "next");
  const flags = ["dev", "--port", String(args.port), ...(args.hostname ? ["--hostname", args.hostname] : [])];
  manager.spawnChild("next dev", process.execPath, [nextBin, ...flags], {
    cwd: projectRoot,
    env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", ...env }),
    stdio: "inherit",
    stopTimeoutMs: stopTimeoutMs(),
  });
}

/** PORT, for scripts that print links (the launchers themselves use serverArgs()). */
export function port(): string {
  return rawEnv("PORT") ?? "3000";
}
