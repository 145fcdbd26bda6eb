// `npm start` (`npm start -- -p 3999 -H 127.0.0.1`): the production server, one process per core
// (WEB_CONCURRENCY sets the number; scripts/serve.mjs). Embedded PostgreSQL unless DATABASE_URL;
// applies pending migrations; never adds demo data. SIGTERM/SIGINT drain and stop everything
// (scripts/lib/process-manager.ts, scripts/serve.mjs).
import { availableParallelism } from "node:os";
import { rawEnv } from "../lib/env";
import { prepareDatabase, processManager, runProductionServer, say, serverArgs } from "./lib/launcher";

async function main() {
  const args = serverArgs();
  if (!rawEnv("AUTH_SECRET")) {
    throw new Error("AUTH_SECRET is not set: production needs a secret of at least 32 characters (e.g. `openssl rand -base64 32`).");
  }
  const manager = processManager();
  const database = await prepareDatabase(manager);
  const processes = rawEnv("WEB_CONCURRENCY") ?? `${availableParallelism()} (one per core; WEB_CONCURRENCY sets it)`;
  say(`Starting the production server on ${args.hostname ?? "all interfaces"}, port ${args.port}: ${processes} process(es)`);
  runProductionServer(manager, args, { DATABASE_URL: database.url, NODE_ENV: "production" });
}

main().catch((error) => {
  console.error(`\n[equinox] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
