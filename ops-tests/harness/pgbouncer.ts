// Debian's PgBouncer (/usr/sbin/pgbouncer; `.ci/run` installs it) in transaction mode in front of
// one PostgreSQL, as compose.yaml runs it. Prepared statements: PgBouncer keeps protocol-level
// named statements across transactions only from 1.21 on, with max_prepared_statements set; on an
// older one the app must not name them (DATABASE_PREPARED_STATEMENTS=false), which `appEnv` says.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../tests/setup/free-port";

export const PGBOUNCER_BIN = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p) => fs.existsSync(p));

export type PgBouncer = { url: string; version: string; appEnv: Record<string, string>; stop(): Promise<void>; logFile: string };

export function pgbouncerVersion(bin = PGBOUNCER_BIN!): { text: string; supportsPreparedStatements: boolean } {
  const text = execFileSync(bin, ["--version"]).toString().split("\n")[0]!.trim();
  const [major = 0, minor = 0] = (/(\d+)\.(\d+)/.exec(text) ?? []).slice(1).map(Number);
  return { text, supportsPreparedStatements: major > 1 || (major === 1 && minor >= 21) };
}

/** Starts PgBouncer for the databases of `serverUrl` (user and password taken from it). */
export async function startPgBouncer(serverUrl: string, logFile: string): Promise<PgBouncer> {
  if (!PGBOUNCER_BIN) throw new Error("PgBouncer is not installed (apt-get install pgbouncer; .ci/run does it)");
  const server = new URL(serverUrl);
  const version = pgbouncerVersion();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "equinox-pgbouncer-"));
  fs.chmodSync(dir, 0o755);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  fs.writeFileSync(path.join(dir, "userlist.txt"), `"${user}" "${password}"\n`, { mode: 0o644 });
  const ini = [
    "[databases]",
    `* = host=${server.hostname} port=${server.port}`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = scram-sha-256",
    `auth_file = ${path.join(dir, "userlist.txt")}`,
    "pool_mode = transaction",
    "max_client_conn = 500",
    "default_pool_size = 20",
    // pg sends statement_timeout as a startup parameter, which PgBouncer would refuse; set it on the
    // role or database instead (README, Operations).
    "ignore_startup_parameters = extra_float_digits,statement_timeout",
    ...(version.supportsPreparedStatements ? ["max_prepared_statements = 200"] : []),
    `logfile = ${path.join(dir, "pgbouncer.log")}`,
    `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
  ].join("\n");
  fs.writeFileSync(path.join(dir, "pgbouncer.ini"), `${ini}\n`, { mode: 0o644 });
  // PgBouncer refuses to run as root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["-R", "postgres", dir]);
  const child: ChildProcess = spawn(PGBOUNCER_BIN, [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));

  const url = new URL(serverUrl);
  url.port = String(port);
  const deadline = Date.now() + 10_000;
  const { default: pg } = await import("pg");
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}): ${output}`);
    const client = new pg.Client({ connectionString: url.toString() });
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`pgbouncer did not accept connections: ${String(error)}\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url: url.toString(),
    version: version.text,
    appEnv: version.supportsPreparedStatements ? {} : { DATABASE_PREPARED_STATEMENTS: "false" },
    logFile: path.join(dir, "pgbouncer.log"),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGINT");
        await exited;
      }
      fs.copyFileSync(path.join(dir, "pgbouncer.log"), logFile);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
