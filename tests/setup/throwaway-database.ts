// A fresh PostgreSQL database for one test run: on the server named by DATABASE_URL when it is
// set (a new database beside the named one), else on an embedded server in a temp directory.
// Either way it is dropped afterwards.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { rawEnv } from "../../lib/env";
import { ensureDatabase, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrate } from "../../scripts/lib/migrate";
import { freePort } from "./free-port";

export type ThrowawayDatabase = { url: string; adminUrl: string; name: string; drop(): Promise<void> };

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function assertLocalDatabase(url: string) {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`Refusing to run tests against a non-local database (${host}). Point DATABASE_URL at a local server or unset it.`);
  }
}

export async function createThrowawayDatabase(label: string): Promise<ThrowawayDatabase> {
  const name = `equinox_${label}_${randomBytes(4).toString("hex")}`;
  const external = rawEnv("DATABASE_URL");
  let adminUrl: string;
  let stopServer = async () => undefined as void;
  if (external) {
    assertLocalDatabase(external);
    adminUrl = external;
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "equinox-test-pg-"));
    fs.chmodSync(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "data"), port: await freePort(), ephemeral: true });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return {
    url: url.toString(),
    adminUrl,
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`).catch(() => undefined);
      await client.end();
      await stopServer();
    },
  };
}
