// The balances of entities: for each per-entity grant of the entity's customer (a plan item linked
// to the entity's feature), the entity's own share: `granted` each, and the usage recorded for the
// entity in the grant's current period (entity_balances; usage of an earlier period counts as 0).
import "server-only";
import { Prisma, type Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import type { ApiBalance, ApiFlag } from "@/lib/entitlements/types";

export type EntityEntitlements = { balances: Record<string, ApiBalance>; flags: Record<string, ApiFlag> };

/** One per-entity grant of an entity's customer with the entity's share (times in ms since the epoch). */
export type EntityGrantRow = {
  entity_id: string;
  grant_id: string;
  feature_id: string;
  feature_type: string;
  plan_id: string | null;
  ends_at: number | null;
  granted: number;
  usage: number;
  unlimited: boolean;
  overage_allowed: boolean;
  next_reset_at: number | null;
};

/**
 * SQL: the EntityGrantRows of one entity, given as SQL expressions (columns of an outer row): its
 * internal id, its customer's and its feature's. The one definition of an entity's balances, read
 * alone (loadEntityEntitlements) or with the entity (entity-rows.ts).
 */
export function entityGrantRowsSql(entity: { id: string; customerId: string; featurePk: string }): string {
  const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;
  return `select ${entity.id} as entity_id, g.id as grant_id, f.feature_id, f.type::text as feature_type, p.plan_id, ${ms("cp.ends_at")} as ends_at,
           g.granted, g.unlimited, g.overage_allowed, ${ms("g.next_reset_at")} as next_reset_at,
           case when eb.period_start is not distinct from g.last_reset_at then coalesce(eb.usage, 0) else 0 end::float8 as usage
      from grants g
      join features f on f.id = g.feature_pk
      left join customer_plans cp on cp.id = g.customer_plan_id
      left join plans p on p.id = cp.plan_pk
      left join entity_balances eb on eb.grant_id = g.id and eb.entity_id = ${entity.id}
     where g.customer_id = ${entity.customerId} and g.entity_feature_pk = ${entity.featurePk} and g.active`;
}

/** Every id in `entityIds` is in the result. Due resets are the caller's to apply first. */
export async function loadEntityEntitlements(client: Db | Tx, env: Env, entityIds: string[]): Promise<Map<string, EntityEntitlements>> {
  if (entityIds.length === 0) return new Map();
  // One entity (entities.get) by equality: a plain key lookup PostgreSQL can keep one plan of for the
  // prepared statement, where "= any(array)" of unknown length may be planned again on each call.
  const rows = await selectRows<EntityGrantRow>(client, Prisma.sql`
    select b.* from entities e
     cross join lateral (${Prisma.raw(entityGrantRowsSql({ id: "e.id", customerId: "e.customer_id", featurePk: "e.feature_pk" }))}) b
     where e.env = ${env}::"Env" and ${entityIds.length === 1 ? Prisma.sql`e.id = ${entityIds[0]}` : Prisma.sql`e.id = any(${entityIds}::text[])`}
     order by b.entity_id, b.grant_id`);
  return entityEntitlementsOf(entityIds, rows);
}

/** The balances and flags of each entity from its grant rows (in entity, then grant id order); every id in `entityIds` is in the result. */
export function entityEntitlementsOf(entityIds: string[], rows: EntityGrantRow[]): Map<string, EntityEntitlements> {
  const result = new Map(entityIds.map((id) => [id, { balances: {}, flags: {} } as EntityEntitlements]));
  for (const row of rows) {
    const entitlements = result.get(row.entity_id)!;
    if (row.feature_type === "boolean") {
      entitlements.flags[row.feature_id] ??= { id: row.grant_id, plan_id: row.plan_id, expires_at: row.ends_at, feature_id: row.feature_id };
      continue;
    }
    const balance = (entitlements.balances[row.feature_id] ??= {
      feature_id: row.feature_id,
      granted: 0,
      remaining: 0,
      usage: 0,
      unlimited: false,
      overage_allowed: false,
      max_purchase: null,
      next_reset_at: null,
    });
    balance.granted += row.granted;
    balance.usage += row.usage;
    balance.unlimited ||= row.unlimited;
    balance.overage_allowed ||= row.overage_allowed;
    const resetAt = row.next_reset_at;
    if (resetAt !== null && (balance.next_reset_at === null || resetAt < balance.next_reset_at)) balance.next_reset_at = resetAt;
    balance.remaining = Math.max(balance.granted - balance.usage, 0);
  }
  return result;
}
