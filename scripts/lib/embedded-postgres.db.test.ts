import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "./embedded-postgres";
import { freePort } from "../../tests/setup/free-port";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "equinox-embedded-test-"));
fs.chmodSync(root, 0o755);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("embedded PostgreSQL", () => {
  it("creates a cluster, keeps its data across restarts, and refuses a second server on the same data", async () => {
    const dataDir = path.join(root, "data");
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
    const client = new pg.Client({ connectionString: first.adminUrl });
    await client.connect();
    await client.query("create table kept (v int); insert into kept values (42)");
    await client.end();

    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(EmbeddedPostgresError);
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(/already in use/);
    await first.stop();

    const again = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
    const reader = new pg.Client({ connectionString: again.adminUrl });
    await reader.connect();
    expect((await reader.query("select v from kept")).rows).toEqual([{ v: 42 }]);
    await reader.end();
    await again.stop();
  });
});

describe("a stale lock file after a crash", () => {
  it("is cleared when its pid is gone or is no longer a postgres, so the next start succeeds", async () => {
    const dataDir = path.join(root, "crashed");
    const first = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
    // Kill it as SIGKILL would (no shutdown): the lock file stays behind.
    process.kill(first.pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pidFile = path.join(dataDir, "postmaster.pid");
    expect(fs.existsSync(pidFile)).toBe(true);
    // Worse than a dead pid: one reused by a live process that is not PostgreSQL (this test's own).
    const lock = fs.readFileSync(pidFile, "utf8").split("\n");
    lock[0] = String(process.pid);
    fs.writeFileSync(pidFile, lock.join("\n"));

    const lines: string[] = [];
    const again = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true, log: (line) => lines.push(line) });
    expect(lines.join("\n")).toMatch(/Removed a stale PostgreSQL lock file/);
    const client = new pg.Client({ connectionString: again.adminUrl });
    await client.connect();
    expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
    await client.end();
    await again.stop();
  });
});
