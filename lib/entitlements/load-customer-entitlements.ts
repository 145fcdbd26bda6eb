// Loads the subscriptions, purchases, balances and flags of customers, for the customer object.
// OWNED BY THE ENTITLEMENTS WORK (issue 4): replace the body; keep the signature.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { emptyEntitlements, type CustomerEntitlements } from "./types";

/**
 * Entitlements of each customer (by internal id), applying due resets, starts and expiries first.
 * Every id in `customerIds` is present in the result.
 */
export async function loadCustomerEntitlements(
  _client: Db | Tx,
  _env: Env,
  customerIds: string[],
  _now: Date = new Date(),
): Promise<Map<string, CustomerEntitlements>> {
  return new Map(customerIds.map((id) => [id, emptyEntitlements()]));
}
