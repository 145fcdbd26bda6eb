// One throwaway PostgreSQL database and PgBouncer in front of it for the topology specs. The
// instances and the proxy are started by the specs themselves (they restart them).
import path from "node:path";
import { createThrowawayDatabase } from "../../tests/setup/throwaway-database";
import { startPgBouncer } from "./pgbouncer";
import { logDir, prepareStandalone } from "./standalone";

export default async function globalSetup() {
  prepareStandalone();
  const database = await createThrowawayDatabase("ops");
  const pgbouncer = await startPgBouncer(database.url, path.join(logDir, "pgbouncer.log"));
  console.log(`[ops] ${pgbouncer.version}, transaction pooling${pgbouncer.appEnv.DATABASE_PREPARED_STATEMENTS ? " (before 1.21: the app names no prepared statements)" : ", max_prepared_statements = 200"}`);
  const pooled = new URL(pgbouncer.url);
  process.env.E2E_DATABASE_URL = database.url; // direct: arranging data and checking it
  process.env.OPS_POOLED_DATABASE_URL = pooled.toString();
  process.env.OPS_APP_ENV = JSON.stringify({
    DATABASE_URL: pooled.toString(),
    AUTH_SECRET: "ops-secret-ops-secret-ops-secret-0123456",
    // The load is far above a real client's; the rate limit is not what is measured here.
    API_RATE_LIMIT_PER_MINUTE: "0",
    ...pgbouncer.appEnv,
  });
  return async () => {
    await pgbouncer.stop();
    await database.drop();
  };
}
