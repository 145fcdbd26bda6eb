// balances.update and the dashboard's Adjust: one function changes a customer's balance of a
// feature (what remains, the usage, the granted amount, the next reset, the expiry), audited.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { DomainError, invalidInputs } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { ApiBalance } from "@/lib/entitlements/types";
import { balanceFromGrants, deductionOrder } from "@/lib/entitlements/balance-from-grants";
import { defaultGrant, grantByBalanceId, openBalance, resetIntervalOf, type BalanceGrant } from "./balance-grants";
import { updateBalanceSchema, type UpdateBalanceInput } from "./schemas";

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/** What to change; the fields are the API's (see updateBalanceSchema). */
export type BalanceChange = {
  remaining?: number;
  usage?: number;
  addToBalance?: number;
  includedGrant?: number;
  nextResetAt?: Date;
  expiresAt?: Date;
};

export type BalanceUpdate = {
  customerRef: string;
  featureId: string;
  /**
   * Which grants `remaining`, `usage` and `includedGrant` are about: all of the feature's (default),
   * one (balance_id), or those resetting at an interval.
   */
  scope: { balanceId?: string; interval?: UpdateBalanceInput["interval"] };
  /** The grant that takes a change of the granted amount or of one grant's dates (default: the plan's own). */
  targetGrantId?: string;
  change: BalanceChange;
  audit: { action: string; reason: string | null; field: Partial<Record<keyof BalanceChange, string>> };
};

/** balances.update: answers `{ success: true }` as the SDK expects. */
export async function updateBalance(ctx: Ctx, input: UpdateBalanceInput, options: { now?: Date } = {}): Promise<{ success: true }> {
  authorize(ctx, "balances:write");
  const data = updateBalanceSchema.parse(input);
  if (data.entity_id) throw new DomainError("invalid_request", "entity_id: balances.update changes customer-level balances only");
  await applyBalanceUpdate(
    ctx,
    {
      customerRef: data.customer_id,
      featureId: data.feature_id,
      scope: { balanceId: data.balance_id, interval: data.interval },
      change: {
        remaining: data.remaining,
        usage: data.usage,
        addToBalance: data.add_to_balance,
        includedGrant: data.included_grant,
        nextResetAt: data.next_reset_at !== undefined ? new Date(data.next_reset_at) : undefined,
        expiresAt: data.expires_at !== undefined ? new Date(data.expires_at) : undefined,
      },
      audit: { action: "balance.updated", reason: null, field: { remaining: "remaining", usage: "usage", addToBalance: "add_to_balance", includedGrant: "included_grant" } },
    },
    options.now ?? new Date(),
  );
  return { success: true };
}

/**
 * The one implementation behind balances.update and the dashboard's Adjust. Runs in a transaction
 * that holds the customer's grant rows (see balance-grants.ts), so concurrent tracks are applied
 * either before it or after it, never lost. Returns the feature's whole balance afterwards.
 */
export async function applyBalanceUpdate(ctx: Ctx, update: BalanceUpdate, now: Date): Promise<ApiBalance> {
  return db().$transaction((tx) => applyInTx(tx, ctx, update, now), TRANSACTION_OPTIONS);
}

async function applyInTx(tx: Tx, ctx: Ctx, update: BalanceUpdate, now: Date): Promise<ApiBalance> {
  const { customer, feature, grants } = await openBalance(tx, ctx, update.customerRef, update.featureId, now);
  if (feature.type === "boolean") throw new DomainError("invalid_request", `Feature ${feature.featureId} is a boolean feature: it has no balance`);
  const scope = grantsInScope(grants, update.scope, feature.featureId);
  const target = update.targetGrantId ? scope.find((grant) => grant.id === update.targetGrantId) : defaultGrant(scope);
  if (!target) throw invalidInputs("grantId", `is not one of the customer's ${feature.featureId} grants`);
  const { change } = update;
  const field = (key: keyof BalanceChange) => update.audit.field[key] ?? key;

  // Working copies, changed in place and written at the end.
  const next = new Map(scope.map((grant) => [grant.id, { ...grant }]));
  const targetNext = next.get(target.id)!;

  if (change.addToBalance !== undefined || change.includedGrant !== undefined || change.remaining !== undefined) {
    if (scope.some((grant) => grant.unlimited)) throw new DomainError("invalid_request", `This ${feature.featureId} balance is unlimited: there is nothing to adjust`);
  }
  const totalGranted = () => [...next.values()].reduce((sum, grant) => sum + grant.granted, 0);
  if (change.includedGrant !== undefined) {
    const granted = targetNext.granted + (change.includedGrant - totalGranted());
    if (granted < 0) throw invalidInputs(field("includedGrant"), `would leave the grant below 0 (it grants ${target.granted})`);
    targetNext.granted = granted;
  }
  if (change.addToBalance !== undefined) {
    const granted = targetNext.granted + change.addToBalance;
    if (granted < 0) throw invalidInputs(field("addToBalance"), `would leave the grant below 0 (it grants ${target.granted})`);
    targetNext.granted = granted;
  }
  let totalUsage = change.usage;
  if (change.remaining !== undefined) {
    totalUsage = totalGranted() - change.remaining;
    // More left than granted: the grant grows (usage cannot go below 0).
    if (totalUsage < 0) {
      targetNext.granted -= totalUsage;
      totalUsage = 0;
    }
  }
  if (totalUsage !== undefined) spreadUsage([...next.values()], totalUsage, target.id);
  if (change.nextResetAt !== undefined) {
    if (target.resetInterval === "none") throw invalidInputs("next_reset_at", `this ${feature.featureId} balance does not reset`);
    if (change.nextResetAt.getTime() <= now.getTime()) throw invalidInputs("next_reset_at", "must be in the future");
    targetNext.nextResetAt = change.nextResetAt;
    targetNext.resetAnchor = change.nextResetAt;
  }
  if (change.expiresAt !== undefined) {
    if (target.customerPlanId) throw new DomainError("invalid_request", `expires_at: this ${feature.featureId} balance comes with plan ${target.planId} and ends with it`);
    if (change.expiresAt.getTime() <= now.getTime()) throw invalidInputs("expires_at", "must be in the future");
    targetNext.expiresAt = change.expiresAt;
    targetNext.endsAt = change.expiresAt;
  }

  for (const grant of next.values()) {
    const before = scope.find((g) => g.id === grant.id)!;
    if (grant.granted === before.granted && grant.usage === before.usage && grant.nextResetAt === before.nextResetAt && grant.expiresAt === before.expiresAt) continue;
    await tx.grant.update({
      where: { id: grant.id },
      data: { granted: grant.granted, usage: grant.usage, nextResetAt: grant.nextResetAt, resetAnchor: grant.resetAnchor, expiresAt: grant.expiresAt, updatedAt: now },
    });
  }

  const beforeBalance = balanceFromGrants(feature.featureId, grants);
  const after = balanceFromGrants(feature.featureId, grants.map((grant) => next.get(grant.id) ?? grant));
  await recordAuditEvent(tx, ctx, {
    action: update.audit.action,
    targetType: "balance",
    targetId: target.id,
    customerId: customer.id,
    target: { featureId: feature.featureId, planId: target.planId, balanceId: target.balanceId, reason: update.audit.reason },
    before: { granted: beforeBalance.granted, usage: beforeBalance.usage, remaining: beforeBalance.remaining, grantGranted: target.granted },
    after: {
      granted: after.granted,
      usage: after.usage,
      remaining: after.remaining,
      grantGranted: targetNext.granted,
      change: JSON.parse(JSON.stringify(change)),
      reason: update.audit.reason,
    },
  });
  return after;
}

function grantsInScope(grants: BalanceGrant[], scope: BalanceUpdate["scope"], featureId: string): BalanceGrant[] {
  if (grants.length === 0) throw new DomainError("balance_not_found", `The customer has no ${featureId} balance: enable a plan that includes it, or create one`);
  if (scope.balanceId) {
    const grant = grantByBalanceId(grants, scope.balanceId);
    if (!grant) throw new DomainError("balance_not_found", `The customer has no ${featureId} balance ${scope.balanceId}`);
    return [grant];
  }
  if (scope.interval) {
    const interval = resetIntervalOf(scope.interval, "interval");
    const matching = grants.filter((grant) => grant.resetInterval === interval);
    if (matching.length === 0) throw new DomainError("balance_not_found", `The customer has no ${featureId} balance resetting by ${scope.interval}`);
    return matching;
  }
  return grants;
}

/**
 * Sets the grants' usage so that it sums to `total`, taken in the order track takes it (an
 * unlimited grant takes it all; else the grant that resets soonest first, each up to what it
 * grants); what exceeds every grant goes on `overflowId` (as track records usage past the grant).
 */
function spreadUsage(grants: BalanceGrant[], total: number, overflowId: string): void {
  const ordered = [...grants].sort(deductionOrder);
  let left = total;
  for (const grant of ordered) {
    const take = grant.unlimited ? left : Math.min(grant.granted, left);
    grant.usage = take;
    left -= take;
  }
  if (left > 0) grants.find((grant) => grant.id === overflowId)!.usage += left;
}
