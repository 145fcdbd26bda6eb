// A fresh PostgreSQL for one benchmark run: an embedded server in a temp directory (the same
// binaries and, unless told otherwise, the same durability settings `npm start` uses), restarted once with pg_stat_statements loaded so the run can count
// the SQL statements each operation sends. With BENCH_DATABASE_URL (a local server's admin URL) a
// new database is created there instead; it is dropped at the end either way.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrate } from "../../scripts/lib/migrate";
import { freePort } from "../../tests/setup/free-port";

export type BenchDatabase = {
  url: string;
  adminUrl: string;
  name: string;
  /** `server_version` of the server. */
  version: string;
  /** pg_stat_statements is loaded (statement counts per request are available). */
  statementStats: boolean;
  /** Where the data lives ("embedded: <dir>" or the external host). */
  where: string;
  stop(): Promise<void>;
};

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * `durable` (the default): PostgreSQL with its default durability, as users run it (fsync and
 * synchronous_commit on: every commit waits for its WAL to reach the disk). Without: a throwaway
 * cluster that never waits on the disk (`npm run bench -- --fast-db`, the tests' setting).
 */
export async function startBenchDatabase(log: (line: string) => void, options: { durable?: boolean } = {}): Promise<BenchDatabase> {
  const durable = options.durable ?? true;
  const name = `equinox_bench_${randomBytes(4).toString("hex")}`;
  const external = process.env.BENCH_DATABASE_URL;
  let adminUrl: string;
  let server: EmbeddedPostgres | undefined;
  let tempDir: string | undefined;
  if (external) {
    if (!LOCAL_HOSTS.has(new URL(external).hostname)) throw new Error("BENCH_DATABASE_URL must point at a local server (the run creates and drops a database).");
    adminUrl = external;
  } else {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "equinox-bench-pg-"));
    fs.chmodSync(tempDir, 0o755);
    const dataDir = path.join(tempDir, "data");
    // Floor and Equinox share it. Durable by default: a write's figures include waiting for its
    // commit to reach the disk, which is what each extra commit costs in production.
    const port = await freePort();
    server = await startEmbeddedPostgres({ dataDir, port, ephemeral: !durable });
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
    await admin.query(`alter system set pg_stat_statements.track = 'top'`);
    await admin.end();
    await server.stop();
    server = await startEmbeddedPostgres({ dataDir, port, ephemeral: !durable });
    adminUrl = server.adminUrl;
  }
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const started = Date.now();
  await migrate(url.toString());
  log(`database ${name} migrated in ${Date.now() - started} ms`);

  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const { rows } = await client.query<{ server_version: string; preload: string }>(
    `select current_setting('server_version') as server_version, current_setting('shared_preload_libraries') as preload`,
  );
  const statementStats = (rows[0]?.preload ?? "").includes("pg_stat_statements");
  if (statementStats) await client.query("create extension if not exists pg_stat_statements");
  await client.end();

  return {
    url: url.toString(),
    adminUrl,
    name,
    version: rows[0]?.server_version ?? "unknown",
    statementStats,
    where: server ? `embedded PostgreSQL in ${tempDir}` : `database ${name} on ${new URL(adminUrl).host}`,
    async stop() {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`).catch(() => undefined);
      await admin.end();
      if (server) await server.stop();
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
