import "server-only";
import type { z } from "zod";
import type { FeatureType } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { loadCustomerEntitlements } from "@/lib/entitlements/load-customer-entitlements";
import type { ApiBalance, ApiFlag } from "@/lib/entitlements/types";
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

/** What the customer detail page shows: every balance with its sources, and 30 days of usage. */
export async function getCustomerBalances(ctx: Ctx, input: z.input<typeof customerBalancesSchema>, options: { now?: Date } = {}): Promise<CustomerBalances> {
  authorize(ctx, "customers:read");
  const { customerId } = customerBalancesSchema.parse(input);
  const now = options.now ?? new Date();
  const customer = await db().customer.findFirst({ where: { id: customerId, env: ctx.env }, select: { id: true } });
  if (!customer) throw customerNotFound(customerId);

  const entitlements = (await loadCustomerEntitlements(db(), ctx.env, [customerId], now)).get(customerId)!;
  const days = lastDays(now, USAGE_SERIES_DAYS);
  // Summed per feature and day first, then named and formatted (30 rows, not every event). Naming
  // the features lets the (customer_id, feature_pk, created_at) index read just the 30 days: without
  // them PostgreSQL read all of a heavy user's history (a year of events: a full scan).
  const usage = await db().$queryRaw<{ feature_id: string; day: string; usage: number }[]>`
    select f.feature_id, to_char(u.day, 'YYYY-MM-DD') as day, u.usage
      from (select e.feature_pk, date_trunc('day', e.created_at at time zone 'UTC') as day, sum(e.value)::float8 as usage
              from usage_events e
             where e.customer_id = ${customerId} and e.created_at >= ${new Date(`${days[0]}T00:00:00Z`)} and e.created_at <= ${now}
               and e.feature_pk = any(array(select id from features where env = ${ctx.env}::"Env"))
             group by 1, 2) u
      join features f on f.id = u.feature_pk`;

  const featureIds = [...new Set([...Object.keys(entitlements.balances), ...Object.keys(entitlements.flags), ...usage.map((row) => row.feature_id)])];
  const features = await db().feature.findMany({ where: { env: ctx.env, featureId: { in: featureIds } }, orderBy: { featureId: "asc" } });
  const usageByFeatureDay = new Map(usage.map((row) => [`${row.feature_id} ${row.day}`, row.usage]));

  return {
    balances: features
      .filter((feature) => feature.type !== "boolean")
      .map((feature) => ({
        featureId: feature.featureId,
        featureName: feature.name,
        featureType: feature.type,
        balance: entitlements.balances[feature.featureId] ?? null,
        series: days.map((date) => ({ date, usage: usageByFeatureDay.get(`${feature.featureId} ${date}`) ?? 0 })),
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
