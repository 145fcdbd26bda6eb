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
