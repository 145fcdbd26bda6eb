import "server-only";
import type { z } from "zod";
import type { FeatureType } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { customerIdExists, type KnownCustomerArg } from "@/lib/customers/customer-queries";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import type { ApiBalance, ApiFlag } from "@/lib/entitlements/types";
import { aggregateEvents } from "@/lib/events/aggregate-events";
import { binStart, nextBin, windowOf } from "@/lib/events/usage-window";
import { customerBalancesSchema } from "./schemas";

export const USAGE_SERIES_DAYS = 30;

export type DailyUsage = { date: string; usage: number };

export type CustomerBalanceView = {
  featureId: string;
  featureName: string;
  featureType: FeatureType;
  /** null: usage was recorded but no plan grants the feature (any more). */
  balance: ApiBalance | null;
  /** Usage per UTC day, the last 30 days, oldest first (today last). */
  series: DailyUsage[];
};

export type CustomerBalances = {
  balances: CustomerBalanceView[];
  flags: { featureId: string; featureName: string; flag: ApiFlag }[];
};

/**
 * What the customer detail page shows: every balance with its sources, and 30 days of usage.
 * `known`: the customer as the page already read it (not looked up again).
 */
export async function getCustomerBalances(
  ctx: Ctx,
  input: z.input<typeof customerBalancesSchema>,
  options: { now?: Date; known?: KnownCustomerArg } = {},
): Promise<CustomerBalances> {
  authorize(ctx, "customers:read");
  const { customerId } = customerBalancesSchema.parse(input);
  const now = options.now ?? new Date();
  const days = lastDays(now, USAGE_SERIES_DAYS);
  // events.aggregate's function (30 daily bins, today last), which reads the hourly rollups:
  // a heavy user's million events cost a few hundred rows. The features drawn: those with a
  // balance or flag, and any other the customer used in the window.
  const window = windowOf(new Date(`${days[0]}T00:00:00Z`), nextBin(binStart(now, "day"), "day"), "day");
  // Three independent reads at once (the customer page waits for this loader on every render);
  // an unknown customer has no plans, grants or usage, and is refused below as before.
  const [exists, loaded, used] = await Promise.all([
    customerIdExists(db(), ctx.env, customerId, options.known),
    loadCustomerEntitlements(db(), ctx.env, [customerId], now),
    db().$queryRaw<{ feature_pk: string }[]>`
      select distinct feature_pk from usage_rollups where customer_id = ${customerId} and hour >= ${window.start} and hour < ${window.end}`,
  ]);
  if (!exists) throw customerNotFound(customerId);
  const entitlements = loaded.get(customerId)!;
  const named = [...Object.keys(entitlements.balances), ...Object.keys(entitlements.flags)];
  const features = await db().feature.findMany({
    where: { env: ctx.env, OR: [{ featureId: { in: named } }, { id: { in: used.map((row) => row.feature_pk) } }] },
    orderBy: { featureId: "asc" },
  });
  const metered = features.filter((feature) => feature.type !== "boolean");
  const usage =
    metered.length === 0
      ? { list: [] }
      : await aggregateEvents(ctx, {
          customer_id: customerId,
          feature_id: metered.map((feature) => feature.featureId),
          custom_range: { start: window.start.getTime(), end: window.end.getTime() },
          bin_size: "day",
        });

  return {
    balances: metered.map((feature) => ({
      featureId: feature.featureId,
      featureName: feature.name,
      featureType: feature.type,
      balance: entitlements.balances[feature.featureId] ?? null,
      series: usage.list.map((bin) => ({ date: new Date(bin.period).toISOString().slice(0, 10), usage: bin.values[feature.featureId] ?? 0 })),
    })),
    flags: features
      .filter((feature) => feature.type === "boolean" && entitlements.flags[feature.featureId])
      .map((feature) => ({ featureId: feature.featureId, featureName: feature.name, flag: entitlements.flags[feature.featureId]! })),
  };
}

/** The last `count` UTC dates up to `now`, oldest first, as YYYY-MM-DD. */
function lastDays(now: Date, count: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: count }, (_, i) => new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}
