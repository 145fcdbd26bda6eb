import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError, customerNotFound, invalidInputs } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { featureNotFound } from "@/lib/features/feature-view";
import { applyDueChangesInTx } from "@/lib/entitlements/apply-due-changes";
import { lockCustomer, lockCustomerGrants } from "@/lib/plans/customer-plan-lifecycle";
import type { ApiBalance } from "@/lib/entitlements/types";
import { adjustBalanceSchema, type AdjustBalanceInput } from "./schemas";
import { balanceFromGrants } from "./balance-from-grants";

/**
 * Staff change a customer's granted amount for a feature, with a reason (audited). The change is
 * made on one grant (the one asked for, else the plan's own rather than an add-on's) and lasts
 * like the grant does: resets give usage back, they do not undo the adjustment; replacing or
 * removing the plan ends it with the plan.
 */
export async function adjustBalance(ctx: Ctx, input: AdjustBalanceInput, options: { now?: Date } = {}): Promise<ApiBalance> {
  authorize(ctx, "balances:write");
  const data = adjustBalanceSchema.parse(input);
  const now = options.now ?? new Date();
  return db().$transaction(
    async (tx) => {
      const customer = await tx.customer.findFirst({ where: { id: data.customerId, env: ctx.env } });
      if (!customer) throw customerNotFound(data.customerId);
      const feature = await tx.feature.findUnique({ where: { env_featureId: { env: ctx.env, featureId: data.featureId } } });
      if (!feature) throw featureNotFound(data.featureId);
      if (feature.type === "boolean") throw new DomainError("invalid_request", `Feature ${feature.featureId} is a boolean feature: it has no balance`);
      // The customer row, then all its grants by id: the order every writer uses (see customer-plan-lifecycle.ts).
      await lockCustomer(tx, ctx.env, customer.id);
      await lockCustomerGrants(tx, customer.id);
      await applyDueChangesInTx(tx, ctx.env, [customer.id], now);
      const grants = await tx.grant.findMany({
        where: { customerId: customer.id, featurePk: feature.id, active: true },
        include: { customerPlan: { select: { endsAt: true, plan: { select: { planId: true, isAddOn: true } } } } },
        orderBy: { id: "asc" },
      });
      if (grants.length === 0) {
        throw new DomainError("invalid_request", `The customer has no ${feature.featureId} balance: enable a plan that includes it first`);
      }
      const target = data.grantId ? grants.find((grant) => grant.id === data.grantId) : (grants.find((grant) => !grant.customerPlan.plan.isAddOn) ?? grants[0]);
      if (!target) throw invalidInputs("grantId", `is not one of the customer's ${feature.featureId} grants`);
      if (target.unlimited) throw new DomainError("invalid_request", `This ${feature.featureId} balance is unlimited: there is nothing to adjust`);

      const withSource = (list: typeof grants) => list.map((grant) => ({ ...grant, planId: grant.customerPlan.plan.planId, endsAt: grant.customerPlan.endsAt }));
      const before = balanceFromGrants(feature.featureId, withSource(grants));
      const delta = data.delta ?? data.newGranted! - before.granted;
      const granted = target.granted + delta;
      if (granted < 0) throw invalidInputs(data.delta !== undefined ? "delta" : "newGranted", `would leave the grant below 0 (it grants ${target.granted})`);
      await tx.grant.update({ where: { id: target.id }, data: { granted } });
      const after = balanceFromGrants(feature.featureId, withSource(grants.map((grant) => (grant.id === target.id ? { ...grant, granted } : grant))));
      await recordAuditEvent(tx, ctx, {
        action: "balance.adjusted",
        targetType: "balance",
        targetId: target.id,
        customerId: customer.id,
        target: { featureId: feature.featureId, planId: target.customerPlan.plan.planId, reason: data.reason },
        before: { granted: before.granted, usage: before.usage, remaining: before.remaining, grantGranted: target.granted },
        after: { granted: after.granted, usage: after.usage, remaining: after.remaining, grantGranted: granted, delta, reason: data.reason },
      });
      return after;
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}
