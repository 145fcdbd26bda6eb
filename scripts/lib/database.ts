// Which PostgreSQL the tools use: DATABASE_URL when set, else the embedded server.
import path from "node:path";
import { rawEnv } from "../../lib/env";
import { ensureDatabase, resolveDataDir, startEmbeddedPostgres } from "./embedded-postgres";
import { projectRoot } from "./prisma-cli";

export type Database = {
  url: string;
  /**
   * Where migrations run: DIRECT_DATABASE_URL when set (the server itself when DATABASE_URL goes
   * through a pooler such as PgBouncer in transaction mode, which cannot hold the migration's
   * session-level advisory lock), else DATABASE_URL.
   */
  migrationUrl: string;
  embedded: boolean;
  describe: string;
  stop(): Promise<void>;
  /** Stops at once (a second Ctrl-C). */
  kill(): void;
};

export const DEFAULT_EMBEDDED_PORT = 54329;
const DATABASE_NAME = "equinox";

export async function openDatabase(log: (line: string) => void, options: { detached?: boolean } = {}): Promise<Database> {
  const external = rawEnv("DATABASE_URL");
  if (external) {
    const direct = rawEnv("DIRECT_DATABASE_URL");
    return {
      url: external,
      migrationUrl: direct ?? external,
      embedded: false,
      describe: `PostgreSQL at ${redact(external)} (DATABASE_URL)${direct ? `, migrations through ${redact(direct)} (DIRECT_DATABASE_URL)` : ""}`,
      stop: async () => undefined,
      kill: () => undefined,
    };
  }
  const requested = path.resolve(projectRoot, rawEnv("EMBEDDED_POSTGRES_DIR") ?? ".data/postgres");
  const dataDir = resolveDataDir(requested);
  if (dataDir !== requested) {
    log(`Running as root: PostgreSQL's OS user cannot reach ${requested}, so the embedded data lives in ${dataDir}.`);
  }
  const port = Number(rawEnv("EMBEDDED_POSTGRES_PORT") ?? DEFAULT_EMBEDDED_PORT);
  const server = await startEmbeddedPostgres({ dataDir, port, log, detached: options.detached });
  await ensureDatabase(server.adminUrl, DATABASE_NAME);
  return {
    url: server.urlFor(DATABASE_NAME),
    migrationUrl: server.urlFor(DATABASE_NAME),
    embedded: true,
    describe: `embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`,
    stop: server.stop,
    kill: server.kill,
  };
}

/** A connection string without its password, for logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
