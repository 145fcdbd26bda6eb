// Shared by `npm run dev` and `npm start`: open the database (embedded unless DATABASE_URL),
// apply migrations, then run Next.js with the resulting environment and stop everything on Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { childEnv, rawEnv } from "../../lib/env";
import { openDatabase, type Database } from "./database";
import { migrate } from "./migrate";
import { projectRoot } from "./prisma-cli";

export const say = (line: string) => console.log(`\x1b[36m[equinox]\x1b[0m ${line}`);

export type Service = { name: string; stop(): Promise<void> };

/** A development secret, generated once and kept with the local data (never used in production). */
export function developmentAuthSecret(): string {
  const file = path.join(projectRoot, ".data", "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

export async function prepareDatabase(): Promise<Database> {
  const database = await openDatabase(say);
  say(`Database: ${database.describe}`);
  const applied = await migrate(database.url, (line) => say(line));
  if (applied.length === 0) say("Database schema is up to date.");
  return database;
}

/** Runs `next <command>` until it exits or we are interrupted, then stops every service in reverse. */
export async function runNext(args: string[], env: Record<string, string | undefined>, services: Service[]): Promise<never> {
  const nextBin = path.join(projectRoot, "node_modules", "next", "dist", "bin", "next");
  const child: ChildProcess = spawn(process.execPath, [nextBin, ...args], {
    cwd: projectRoot,
    env: childEnv({ NEXT_TELEMETRY_DISABLED: "1", ...env }),
    stdio: "inherit",
  });

  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    for (const service of [...services].reverse()) {
      await service.stop().catch((error) => console.error(`Stopping ${service.name} failed:`, error));
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  child.on("exit", (code) => void shutdown(code ?? 0));
  return new Promise<never>(() => undefined);
}

export function port(): string {
  return rawEnv("PORT") ?? "3000";
}
