// SQL statements per request, from pg_stat_statements (loaded by bench/lib/database.ts): reset,
// send requests one at a time, read how many statements the database executed. BEGIN and COMMIT
// count: each is a round trip.
import type pg from "pg";

export type StatementCount = { perRequest: number; top: { query: string; perRequest: number; meanMs: number }[] };

export async function resetStatements(client: pg.ClientBase): Promise<void> {
  await client.query("select pg_stat_statements_reset()");
}

export async function readStatements(client: pg.ClientBase, requests: number): Promise<StatementCount> {
  const { rows } = await client.query<{ query: string; calls: string; mean_exec_time: number }>(
    `select query, calls, mean_exec_time from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database())
        and query not ilike '%pg_stat_statements%'
      order by calls desc`,
  );
  const total = rows.reduce((sum, row) => sum + Number(row.calls), 0);
  return {
    perRequest: Math.round((total / requests) * 10) / 10,
    top: rows.slice(0, 15).map((row) => ({
      query: row.query.replace(/\s+/g, " ").trim().slice(0, 300),
      perRequest: Math.round((Number(row.calls) / requests) * 100) / 100,
      meanMs: Math.round(row.mean_exec_time * 1000) / 1000,
    })),
  };
}
