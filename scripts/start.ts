// `npm start`: production server. Embedded PostgreSQL unless DATABASE_URL; applies pending
// migrations; never adds demo data.
import { rawEnv } from "../lib/env";
import { port, prepareDatabase, runNext, say } from "./lib/launcher";

async function main() {
  if (!rawEnv("AUTH_SECRET")) {
    throw new Error("AUTH_SECRET is not set: production needs a secret of at least 32 characters (e.g. `openssl rand -base64 32`).");
  }
  const database = await prepareDatabase();
  say(`Starting the production server on port ${port()}`);
  await runNext(["start", "--port", port()], { DATABASE_URL: database.url, NODE_ENV: "production" }, [{ name: "PostgreSQL", stop: database.stop }]);
}

main().catch((error) => {
  console.error(`\n[equinox] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
