// What Equinox needs of a connection pooler between it and PostgreSQL (PgBouncer), checked when a
// server starts, so that a misconfiguration is named at once instead of failing requests later:
//   - transaction (or session) pooling: writes are multi-statement transactions, which statement
//     pooling refuses. Nothing session-level is relied on: locks inside requests are
//     transaction-scoped (pg_advisory_xact_lock, row locks), there is no LISTEN, no SET outside a
//     transaction, no temporary table. Migrations take a session-level advisory lock and must
//     reach PostgreSQL directly (DIRECT_DATABASE_URL).
//   - named prepared statements (DATABASE_PREPARED_STATEMENTS, on by default) only where the pooler
//     keeps them across transactions: PgBouncer 1.21+ with max_prepared_statements. Otherwise
//     set DATABASE_PREPARED_STATEMENTS=false.
//   - `statement_timeout`, which node-postgres sends when it connects: PgBouncer refuses unknown
//     startup parameters unless they are in ignore_startup_parameters.
// Transaction pooling shows as two client connections served by one server backend (or one
// client connection by two): PgBouncer hands the most recently used server connection to the
// next transaction. A prepared statement is then run from a connection whose next transaction
// is made to land on another backend: it fails exactly as requests would.
import pg from "pg";

export type PoolingCheck = {
  /** "none": each client connection has its own backend (no pooler, or session pooling). */
  pooling: "none" | "transaction" | "statement";
  /** What must change, in words an operator can act on; undefined when all is well. */
  problem?: string;
};

const PROBE = "equinox_pooling_probe";

export async function checkDatabasePooling(options: { connectionString: string; preparedStatements: boolean; statementTimeoutMs?: number }): Promise<PoolingCheck> {
  const config = { connectionString: options.connectionString, application_name: "equinox-pooling-check", statement_timeout: options.statementTimeoutMs ?? 30_000, connectionTimeoutMillis: 5_000 };
  const [a, b] = [new pg.Client(config), new pg.Client(config)];
  try {
    try {
      await a.connect();
      await b.connect();
    } catch (error) {
      if (/unsupported startup parameter/i.test((error as Error).message)) {
        return {
          pooling: "transaction",
          problem: `the pooler refuses a startup parameter (${(error as Error).message}): add statement_timeout to PgBouncer's ignore_startup_parameters and set the timeout on the role (ALTER ROLE ... SET statement_timeout = '30s')`,
        };
      }
      throw error;
    }
    const pid = async (client: pg.Client, name?: string) => (await client.query<{ pid: number }>({ text: "select pg_backend_pid() as pid", name })).rows[0]!.pid;

    try {
      await b.query("begin");
    } catch (error) {
      if (/statement pooling/i.test((error as Error).message)) {
        return { pooling: "statement", problem: "DATABASE_URL goes through a pooler in statement mode: Equinox needs transaction pooling (pool_mode = transaction) or a direct connection" };
      }
      throw error;
    }
    await b.query("rollback");

    // `a` prepares the probe on the backend it gets; `b` then holds a transaction (on that same
    // backend, when a pooler hands it on); `a`'s next statement must go to another backend.
    const first = await pid(a, options.preparedStatements ? PROBE : undefined);
    await b.query("begin");
    const held = await pid(b);
    let second: number | undefined;
    let failure: Error | undefined;
    const next = pid(a, options.preparedStatements ? PROBE : undefined).then(
      (value) => void (second = value),
      (error: Error) => void (failure = error),
    );
    // With a single server connection `a` waits for `b`: end b's transaction after a moment.
    await Promise.race([next, new Promise((resolve) => setTimeout(resolve, 300))]);
    await b.query("commit");
    await next;

    const pooled = held === first || (second !== undefined && second !== first);
    if (failure) {
      if ((failure as { code?: string }).code === "26000" || /prepared statement/i.test(failure.message)) {
        return {
          pooling: "transaction",
          problem:
            "DATABASE_URL goes through a pooler in transaction mode that does not keep prepared statements across transactions: set DATABASE_PREPARED_STATEMENTS=false (or use PgBouncer 1.21+ with max_prepared_statements)",
        };
      }
      throw failure;
    }
    return { pooling: pooled ? "transaction" : "none" };
  } finally {
    await Promise.all([a.end().catch(() => undefined), b.end().catch(() => undefined)]);
  }
}
