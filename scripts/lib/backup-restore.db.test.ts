// The restore in README.md's "Backups" is tested: a base backup taken with PostgreSQL's own
// low-level API (pg_backup_start/pg_backup_stop and a file copy, what pg_basebackup does) while
// writes go on, WAL archived by archive_command, then the backup restored into a fresh server that
// replays the archive: every table has the rows the original had when it stopped, including the
// ones written after the backup. (The embedded PostgreSQL ships no pg_dump, so the logical dump
// is documented but its restore is not exercised here; this is the point-in-time path.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { arrange } from "../../ops-tests/harness/api-load";
import { freePort } from "../../tests/setup/free-port";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded-postgres";
import { migrate } from "./migrate";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "equinox-backup-test-"));
fs.chmodSync(root, 0o755);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const asRoot = process.getuid?.() === 0;
const giveToPostgres = (target: string) => {
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", target]);
};

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const tables = await query<{ name: string }>(url, `select tablename as name from pg_tables where schemaname = 'public' order by tablename`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = Number((await query<{ n: string }>(url, `select count(*) as n from "${name}"`))[0]!.n);
  return counts;
}

const addFeatures = (url: string, tag: string, n: number) =>
  query(
    url,
    `insert into features (id, env, feature_id, name, type, event_names, updated_at)
     select 'fea_bk' || $1 || g, 'sandbox', 'bk_' || $1 || g, 'Backup ' || g, 'single_use', '{}', now() from generate_series(1, $2) g`,
    [tag, n],
  );

describe("backup and restore", () => {
  it("restores a base backup plus the archived WAL into a fresh server with every row", async () => {
    const archive = path.join(root, "wal-archive");
    fs.mkdirSync(archive, { mode: 0o777 });
    fs.chmodSync(archive, 0o777);
    const sourceDir = path.join(root, "source");
    const source = await startEmbeddedPostgres({
      dataDir: sourceDir,
      port: await freePort(),
      settings: { wal_level: "replica", archive_mode: "on", archive_command: `cp %p ${archive}/%f` },
    });
    await ensureDatabase(source.adminUrl, "equinox");
    const url = source.urlFor("equinox");
    await migrate(url);
    await arrange(url);
    await addFeatures(url, "a", 300);

    // The base backup: a file copy between pg_backup_start and pg_backup_stop, on one session.
    const backupDir = path.join(root, "restored");
    const session = new pg.Client({ connectionString: source.adminUrl });
    await session.connect();
    await session.query("select pg_backup_start('equinox-test', true)");
    fs.cpSync(sourceDir, backupDir, {
      recursive: true,
      filter: (file) => !/postmaster\.(pid|opts)$/.test(file) && !file.startsWith(path.join(sourceDir, "pg_wal") + path.sep),
    });
    const [stop] = (await session.query<{ labelfile: string }>("select labelfile from pg_backup_stop(true)")).rows;
    await session.end();
    fs.writeFileSync(path.join(backupDir, "backup_label"), stop!.labelfile);
    fs.mkdirSync(path.join(backupDir, "pg_wal", "archive_status"), { recursive: true });

    // Writes after the backup reach the restore through the WAL archive only.
    await addFeatures(url, "b", 200);
    const expected = await rowCounts(url);
    const segment = (await query<{ segment: string }>(source.adminUrl, "select pg_walfile_name(pg_switch_wal()) as segment"))[0]!.segment;
    for (let waited = 0; !fs.existsSync(path.join(archive, segment)); waited += 100) {
      if (waited > 15_000) throw new Error(`WAL segment ${segment} was not archived`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await source.stop();

    // Restore: the backup, a recovery.signal and a restore_command that reads the archive.
    fs.copyFileSync(`${sourceDir}.password`, `${backupDir}.password`);
    fs.writeFileSync(path.join(backupDir, "recovery.signal"), "");
    fs.chmodSync(backupDir, 0o700);
    giveToPostgres(backupDir);
    giveToPostgres(`${backupDir}.password`);
    const restored = await startEmbeddedPostgres({ dataDir: backupDir, port: await freePort(), settings: { restore_command: `cp ${archive}/%f %p` } });
    const restoredUrl = restored.urlFor("equinox");
    for (let waited = 0; (await query<{ r: boolean }>(restoredUrl, "select pg_is_in_recovery() as r"))[0]!.r; waited += 100) {
      if (waited > 30_000) throw new Error("recovery did not finish");
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await rowCounts(restoredUrl)).toEqual(expected);
    expect(expected.features).toBeGreaterThanOrEqual(501);
    await restored.stop();
  });
});
