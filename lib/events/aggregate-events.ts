// events.aggregate: a customer's (or the environment's) usage per feature and bin, optionally
// grouped by a property, the entity or the customer, as autumn-js's usage charts ask for it.
import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError, customerNotFound, invalidInputs } from "@/lib/errors";
import { periodAt, type ScheduleInterval } from "@/lib/plans/reset-schedule";
import { aggregateUsage, aggregateUsageByRef, type UsageAggregate, type UsageGroupBy } from "./aggregate-usage";
import { resolveCustomerAndFeatures, resolveEntityPks } from "./event-filters";
import { aggregateEventsSchema, type AggregateEventsInput } from "./schemas";
import { presetWindow, windowOf, type BinSize, type UsageWindow } from "./usage-window";

export async function aggregateEvents(ctx: Ctx, input: AggregateEventsInput, options: { now?: Date } = {}): Promise<UsageAggregate> {
  authorize(ctx, "customers:read");
  const data = aggregateEventsSchema.parse(input);
  const now = options.now ?? new Date();
  if (data.aggregate_on) throw new DomainError("invalid_request", "aggregate_on: the per-balance breakdown (deducted) is not supported");
  const bin: BinSize = data.bin_size ?? (data.range === "24h" ? "hour" : "day");
  const shape = { groupBy: groupByOf(data.group_by), filterBy: data.filter_by ?? null, maxGroups: data.max_groups };
  // A window that does not depend on the customer and no entity to look up: the customer, the
  // features and the usage in one statement (the usage charts' request). The errors come in the
  // same order: an unknown customer, an unknown feature.
  const fixed = data.entity_id ? undefined : fixedWindow(data, bin, now);
  if (fixed) {
    const result = await aggregateUsageByRef({ env: ctx.env, customerRef: data.customer_id ?? null, featureIds: data.feature_id, window: fixed, ...shape });
    if (data.customer_id && !result.customerPk) throw customerNotFound(data.customer_id);
    return result.aggregate(result.features());
  }
  // Otherwise the customer and the features in one statement first; an unknown customer is still
  // the error answered first.
  const resolved = await resolveCustomerAndFeatures(ctx.env, data.customer_id ?? null, data.feature_id);
  if (data.customer_id && !resolved.customerPk) throw customerNotFound(data.customer_id);
  const customer = resolved.customerPk ? { id: resolved.customerPk } : null;
  const features = resolved.features();
  const entityPks = data.entity_id ? await resolveEntityPks(customer!.id, data.entity_id) : null;

  let window: UsageWindow;
  try {
    if (data.custom_range) window = windowOf(new Date(data.custom_range.start), new Date(data.custom_range.end), bin);
    else if (data.range === "24h" || data.range === "7d" || data.range === "30d" || data.range === "90d") window = presetWindow(data.range, bin, now);
    else window = await billingCycleWindow(customer?.id ?? null, features.map((f) => f.pk), data.range!, bin, now);
  } catch (error) {
    if (error instanceof RangeError) throw invalidInputs("bin_size", `too small for this range (${error.message})`);
    throw error;
  }

  return aggregateUsage({
    env: ctx.env,
    customerPk: customer?.id ?? null,
    entityPks,
    features,
    window,
    ...shape,
  });
}

/**
 * The window of a preset or custom range (undefined for a billing cycle, which is the customer's, or
 * when the bins do not fit: that error is answered after the look-ups, as the general path does).
 */
function fixedWindow(data: z.output<typeof aggregateEventsSchema>, bin: BinSize, now: Date): UsageWindow | undefined {
  try {
    if (data.custom_range) return windowOf(new Date(data.custom_range.start), new Date(data.custom_range.end), bin);
    if (data.range === "24h" || data.range === "7d" || data.range === "30d" || data.range === "90d") return presetWindow(data.range, bin, now);
    return undefined;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function groupByOf(groupBy: string | undefined): UsageGroupBy | null {
  if (!groupBy) return null;
  if (groupBy === "$customer_id") return { kind: "customer" };
  if (groupBy === "$entity_id") return { kind: "entity" };
  return { kind: "property", path: groupBy.split(".").slice(1) };
}

/**
 * 1bc: the current billing cycle; 3bc: it and the two before; last_cycle: the one before it. A
 * cycle is the reset period of the customer's balance of the (first) feature.
 */
async function billingCycleWindow(customerPk: string | null, featurePks: string[], range: "last_cycle" | "1bc" | "3bc", bin: BinSize, now: Date): Promise<UsageWindow> {
  if (!customerPk) throw invalidInputs("range", `${range} needs customer_id (a billing cycle is a customer's)`);
  const grant = await db().grant.findFirst({
    where: { customerId: customerPk, featurePk: { in: featurePks }, active: true, resetInterval: { not: "none" } },
    orderBy: { id: "asc" },
  });
  if (!grant) throw new DomainError("invalid_request", `range: the customer has no resetting balance of these features, so no billing cycle (use a fixed range)`);
  const interval = grant.resetInterval as ScheduleInterval;
  const anchor = grant.resetAnchor ?? grant.nextResetAt ?? grant.createdAt;
  const current = periodAt(anchor, interval, now);
  const back = (period: { start: Date }) => periodAt(anchor, interval, new Date(period.start.getTime() - 1));
  if (range === "1bc") return windowOf(current.start, current.end, bin);
  const previous = back(current);
  if (range === "last_cycle") return windowOf(previous.start, previous.end, bin);
  return windowOf(back(previous).start, current.end, bin);
}
