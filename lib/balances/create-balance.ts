// balances.create: a balance granted to a customer on its own, outside any plan (a goodwill
// credit, a trial top-up): its own grant, counted by check and track with the plan's.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError, invalidInputs } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { uniqueViolation } from "@/lib/customers/db-conflicts";
import { firstResetAt } from "@/lib/plans/reset-schedule";
import { openBalance, resetIntervalOf } from "./balance-grants";
import { createBalanceSchema, type CreateBalanceInput } from "./schemas";

export async function createBalance(ctx: Ctx, input: CreateBalanceInput, options: { now?: Date } = {}): Promise<{ success: true }> {
  authorize(ctx, "balances:write");
  const data = createBalanceSchema.parse(input);
  const now = options.now ?? new Date();
  if (data.entity_id) throw new DomainError("invalid_request", "entity_id: balances.create grants customer-level balances only");
  if (data.rollover !== undefined) throw new DomainError("invalid_request", "rollover: rollovers are not supported");
  if (data.reset?.interval_count !== undefined && data.reset.interval_count !== 1) {
    throw invalidInputs("reset.interval_count", "only 1 is supported (a balance resets every interval)");
  }
  const resetInterval = data.reset ? resetIntervalOf(data.reset.interval, "reset.interval") : "none";
  const nextResetAt = data.next_reset_at !== undefined ? new Date(data.next_reset_at) : firstResetAt(now, resetInterval);
  if (data.next_reset_at !== undefined && nextResetAt!.getTime() <= now.getTime()) throw invalidInputs("next_reset_at", "must be in the future");
  const expiresAt = data.expires_at !== undefined ? new Date(data.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw invalidInputs("expires_at", "must be in the future");

  try {
    await db().$transaction(
      async (tx) => {
        const { customer, feature } = await openBalance(tx, ctx, data.customer_id, data.feature_id, now);
        // The customer row is locked: a concurrent create with the same id waits, then sees this one.
        if (data.balance_id && (await tx.grant.findFirst({ where: { customerId: customer.id, balanceId: data.balance_id }, select: { id: true } }))) {
          throw balanceExists(data.balance_id);
        }
        const metered = feature.type !== "boolean";
        const resets = metered && resetInterval !== "none";
        const grant = await tx.grant.create({
          data: {
            id: newId("grt"),
            env: ctx.env,
            customerId: customer.id,
            customerPlanId: null,
            balanceId: data.balance_id ?? null,
            featurePk: feature.id,
            granted: metered && !data.unlimited ? (data.included_grant ?? 0) : 0,
            unlimited: metered && (data.unlimited ?? false),
            usage: 0,
            resetInterval: resets ? resetInterval : "none",
            // With next_reset_at, later resets follow one interval apart from it.
            resetAnchor: resets ? (data.next_reset_at !== undefined ? nextResetAt : now) : null,
            lastResetAt: resets ? now : null,
            nextResetAt: resets ? nextResetAt : null,
            expiresAt,
            active: true,
          },
        });
        await recordAuditEvent(tx, ctx, {
          action: "balance.created",
          targetType: "balance",
          targetId: grant.id,
          customerId: customer.id,
          target: { featureId: feature.featureId, balanceId: grant.balanceId },
          after: { granted: grant.granted, unlimited: grant.unlimited, resetInterval: grant.resetInterval, expiresAt: expiresAt?.toISOString() ?? null },
        });
      },
      { maxWait: 15_000, timeout: 30_000 },
    );
  } catch (error) {
    if (data.balance_id && uniqueViolation(error)?.includes("balance_id")) throw balanceExists(data.balance_id);
    throw error;
  }
  return { success: true };
}

const balanceExists = (balanceId: string) =>
  new DomainError("balance_already_exists", `balance_id: the customer already has a balance ${balanceId}`, { field: "balance_id" });
