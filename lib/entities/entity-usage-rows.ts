// The usage rows of an entity's per-entity grants, created on the first write that needs them
// (see ENTITY_SQL_NOTE in lib/balances/usage-statement.ts): a row must exist before concurrent
// writers can lock it. Creating one changes no balance (usage 0 in the grant's current period).
import "server-only";
import { pool } from "@/lib/db";

export async function createEntityUsageRows(entityPk: string, grantIds: string[], now: Date): Promise<void> {
  await pool().query({
    name: "equinox_entity_usage_rows",
    text: `insert into entity_balances (grant_id, entity_id, usage, period_start, updated_at)
           select g.id, $1::text, 0, g.last_reset_at, $3::timestamptz from grants g where g.id = any($2::text[])
           on conflict (grant_id, entity_id) do nothing`,
    values: [entityPk, grantIds, now],
  });
}
