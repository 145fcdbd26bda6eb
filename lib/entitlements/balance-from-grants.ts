// A customer's balance for a feature is the sum of its active grants (one per enabled plan that
// includes the feature). The hot-path SQL computes the same sums (see usage-statement.ts).
import type { Grant } from "@/lib/generated/prisma";
import type { ApiBalance, ApiBalanceBreakdown, ApiFlag } from "./types";

export type GrantWithSource = Grant & { planId: string | null; endsAt: Date | null };

const ms = (date: Date | null) => (date ? date.getTime() : null);

/** The order usage is taken from grants: unlimited first, then the one that resets soonest, then by id. */
export function deductionOrder(a: Grant, b: Grant): number {
  if (a.unlimited !== b.unlimited) return a.unlimited ? -1 : 1;
  const ra = a.nextResetAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const rb = b.nextResetAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ra !== rb) return ra - rb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function balanceFromGrants(featureId: string, grants: GrantWithSource[]): ApiBalance {
  const ordered = [...grants].sort(deductionOrder);
  const granted = sum(ordered.map((g) => g.granted));
  const usage = sum(ordered.map((g) => g.usage));
  const resets = ordered.map((g) => g.nextResetAt?.getTime()).filter((t): t is number => t !== undefined);
  return {
    feature_id: featureId,
    granted,
    remaining: Math.max(granted - usage, 0),
    usage,
    unlimited: ordered.some((g) => g.unlimited),
    overage_allowed: ordered.some((g) => g.overageAllowed),
    max_purchase: null,
    next_reset_at: resets.length ? Math.min(...resets) : null,
    breakdown: ordered.map(breakdownOf),
  };
}

function breakdownOf(grant: GrantWithSource): ApiBalanceBreakdown {
  return {
    id: grant.id,
    plan_id: grant.planId,
    included_grant: grant.granted,
    prepaid_grant: 0,
    remaining: Math.max(grant.granted - grant.usage, 0),
    usage: grant.usage,
    unlimited: grant.unlimited,
    reset: grant.resetInterval === "none" ? null : { interval: grant.resetInterval, resets_at: ms(grant.nextResetAt) },
    price: null,
    expires_at: ms(grant.endsAt),
  };
}

/** A boolean feature's flag: from the grant that lasts longest. */
export function flagFromGrants(featureId: string, grants: GrantWithSource[]): ApiFlag {
  const [best] = [...grants].sort((a, b) => (a.endsAt?.getTime() ?? Infinity) < (b.endsAt?.getTime() ?? Infinity) ? 1 : -1);
  return { id: best!.id, plan_id: best!.planId, expires_at: ms(best!.endsAt), feature_id: featureId };
}

// Sums in the order given, so the result equals the SQL's over the same rows for ordinary values.
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
