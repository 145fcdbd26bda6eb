// Turns entity rows into API entity objects, with the balances of all of them loaded in one go
// (after applying what is due for their customers: plan starts and ends, balance resets).
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { applyDueChanges, findDueCustomers, nothingDue, type DueCustomers } from "@/lib/plans/apply-due-changes";
import type { ApiCustomerEntity } from "@/lib/customers/customer-object";
import type { ApiEntity } from "./entity-object";
import type { EntityRow } from "./entity-rows";
import { entityEntitlementsOf, loadEntityEntitlements, type EntityGrantRow } from "./entity-balances";

export function toApiCustomerEntity(row: EntityRow): ApiCustomerEntity {
  return {
    id: row.externalId,
    name: row.name,
    customer_id: row.customerApiId,
    feature_id: row.featureId,
    created_at: row.createdAt.getTime(),
    env: row.env,
  };
}

/**
 * `known`: what is due for these rows' customers at `now` when the caller already knows
 * (dueOfEntityRow); `grantRows`: their balances' rows when the caller read them with that.
 */
export async function shapeEntities(env: Env, rows: EntityRow[], now = new Date(), known?: DueCustomers, grantRows?: EntityGrantRow[]): Promise<ApiEntity[]> {
  if (rows.length === 0) return [];
  const customerIds = [...new Set(rows.map((row) => row.customerId))];
  const entityIds = rows.map((row) => row.id);
  // What is due and the balances are read at once (one round trip of waiting, not two), or were
  // read with the rows; when something was due, the balances are read again once it is applied.
  const [due, read] = await Promise.all([
    known ?? findDueCustomers(db(), env, customerIds, now),
    grantRows && known ? entityEntitlementsOf(entityIds, grantRows) : loadEntityEntitlements(db(), env, entityIds),
  ]);
  let entitlements = read;
  if (!nothingDue(due)) {
    await applyDueChanges(env, customerIds, now, due);
    entitlements = await loadEntityEntitlements(db(), env, entityIds);
  }
  return rows.map((row) => ({
    ...toApiCustomerEntity(row),
    subscriptions: [],
    purchases: [],
    balances: entitlements.get(row.id)!.balances,
    flags: entitlements.get(row.id)!.flags,
  }));
}

export async function shapeEntity(env: Env, row: EntityRow, now = new Date(), known?: DueCustomers, grantRows?: EntityGrantRow[]): Promise<ApiEntity> {
  const [entity] = await shapeEntities(env, [row], now, known, grantRows);
  return entity!;
}
