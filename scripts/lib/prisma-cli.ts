// Runs the Prisma CLI offline. With the JavaScript schema engine (prisma.config.ts) Prisma needs
// no native engine, but the CLI still looks for one at start-up and would try to download it;
// pointing the engine variables at any existing file satisfies that look-up. See
// ../shared/notes/platform.md ("Prisma (the sharp edge)").
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { childEnv, rawEnv } from "../../lib/env";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const placeholderEngine = path.join(projectRoot, "prisma", "schema.prisma");

export function runPrisma(args: string[], databaseUrl?: string, options: { quiet?: boolean } = {}): Promise<string> {
  const env = childEnv({
    DATABASE_URL: databaseUrl ?? rawEnv("DATABASE_URL") ?? "postgresql://placeholder@127.0.0.1:5432/placeholder",
    PRISMA_SCHEMA_ENGINE_BINARY: rawEnv("PRISMA_SCHEMA_ENGINE_BINARY") ?? placeholderEngine,
    PRISMA_QUERY_ENGINE_LIBRARY: rawEnv("PRISMA_QUERY_ENGINE_LIBRARY") ?? placeholderEngine,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  });
  const bin = path.join(projectRoot, "node_modules", "prisma", "build", "index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (!options.quiet) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      if (!options.quiet) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`prisma ${args.join(" ")} failed (exit ${code})\n${output}`))));
  });
}
