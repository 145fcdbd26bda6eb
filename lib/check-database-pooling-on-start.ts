// At start, a pooler that Equinox cannot work through (statement mode, prepared statements it
// drops, a startup parameter it refuses) stops the server with a message that says what to set
// (lib/db-pooling.ts), instead of failing requests later. A database that is not reachable yet is
// not a reason to stop: readiness reports it, and the check is skipped with a warning.
import { env } from "@/lib/env";
import { checkDatabasePooling } from "@/lib/db-pooling";

try {
  const result = await checkDatabasePooling({ connectionString: env().DATABASE_URL, preparedStatements: env().DATABASE_PREPARED_STATEMENTS });
  if (result.problem) {
    console.error(`\n[db] ${result.problem}\n`);
    process.exit(1);
  }
  if (result.pooling === "transaction") {
    console.info(`[db] DATABASE_URL goes through a pooler in transaction mode: fine (prepared statements ${env().DATABASE_PREPARED_STATEMENTS ? "kept by the pooler" : "off"})`);
  }
} catch (error) {
  console.warn(`[db] could not check the connection pooling at start: ${(error as Error).message}`);
}
