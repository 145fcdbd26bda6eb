// Turns customer rows into API customer objects, with the entitlement parts (subscriptions,
// purchases, balances, flags) loaded for all of them in one go.
import "server-only";
import type { Customer, Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import { emptyEntitlements } from "@/lib/entitlements/types";
import { toApiCustomer, type ApiCustomer } from "./customer-object";

export async function shapeCustomers(client: Db | Tx, env: Env, rows: Customer[], now = new Date()): Promise<ApiCustomer[]> {
  if (rows.length === 0) return [];
  const entitlements = await loadCustomerEntitlements(client, env, rows.map((row) => row.id), now);
  return rows.map((row) => toApiCustomer(row, entitlements.get(row.id) ?? emptyEntitlements()));
}

export async function shapeCustomer(client: Db | Tx, row: Customer, now = new Date()): Promise<ApiCustomer> {
  const [customer] = await shapeCustomers(client, row.env, [row], now);
  return customer!;
}
