// balance.limit_reached: a metered balance that had some left and has none after this usage.
// The usage statement serialises the writers of a balance (row locks), so exactly one call sees
// each crossing: usage before < granted <= usage after. A refused check applies nothing and
// crosses nothing; giving usage back and using it up again, or a new period, crosses again.
//
// The event is written right after the statement's commit (the statement is the hot path's one
// round trip, with no room for it): a process that dies between the two loses the event.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import type { ApiBalance } from "@/lib/entitlements/types";
import { emitBalanceLimitReached } from "@/lib/outbox/public-events";

/** The balances (after `value` was recorded on each) that this usage ran out. */
export function crossedLimit(balances: (ApiBalance | null | undefined)[], value: number): ApiBalance[] {
  if (!(value > 0)) return [];
  return balances.filter(
    (balance): balance is ApiBalance => !!balance && !balance.unlimited && balance.granted > 0 && balance.usage >= balance.granted && balance.usage - value < balance.granted,
  );
}

export async function emitLimitReachedOnCrossing(env: Env, customerPk: string, entityId: string | null, value: number, balances: (ApiBalance | null | undefined)[]): Promise<void> {
  const crossed = crossedLimit(balances, value);
  if (crossed.length === 0) return;
  await db().$transaction(async (tx) => {
    const customer = await tx.customer.findFirst({ where: { id: customerPk, env } });
    if (!customer) return;
    for (const balance of crossed) {
      await emitBalanceLimitReached(tx, {
        customer,
        featureId: balance.feature_id,
        entityId,
        balance: { granted: balance.granted, usage: balance.usage, remaining: balance.remaining },
      });
    }
  });
}
