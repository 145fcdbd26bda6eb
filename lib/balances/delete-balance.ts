// balances.delete: removes balances granted on their own (balances.create). A plan's balance goes
// with its plan: deleting it is refused with the reason, the plan stays whole.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { DomainError, customerNotFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { defaultGrant, grantByBalanceId, openBalance, resetIntervalOf, type BalanceGrant } from "./balance-grants";
import { deleteBalanceSchema, type DeleteBalanceInput } from "./schemas";

export async function deleteBalance(ctx: Ctx, input: DeleteBalanceInput, options: { now?: Date } = {}): Promise<{ success: true }> {
  authorize(ctx, "balances:write");
  const data = deleteBalanceSchema.parse(input);
  const now = options.now ?? new Date();
  if (data.entity_id) throw new DomainError("invalid_request", "entity_id: balances.delete removes customer-level balances only");
  await db().$transaction(
    async (tx) => {
      const featureId = data.feature_id ?? (await featureOfBalance(tx, ctx, data.customer_id, data.balance_id!));
      const { customer, feature, grants } = await openBalance(tx, ctx, data.customer_id, featureId, now);
      let doomed = grants;
      if (data.balance_id) {
        const grant = grantByBalanceId(grants, data.balance_id);
        doomed = grant ? [grant] : [];
      }
      if (data.interval) {
        const interval = resetIntervalOf(data.interval, "interval");
        doomed = doomed.filter((grant) => grant.resetInterval === interval);
      }
      // Without balance_id, only balances granted on their own are meant (a plan's stay).
      if (!data.balance_id) doomed = doomed.filter((grant) => !grant.customerPlanId);
      if (doomed.length === 0) {
        throw new DomainError("balance_not_found", `The customer has no ${feature.featureId} balance${data.balance_id ? ` ${data.balance_id}` : ""} to delete`);
      }
      const fromPlan = doomed.find((grant) => grant.customerPlanId);
      if (fromPlan) {
        throw new DomainError("invalid_request", `This ${feature.featureId} balance comes with plan ${fromPlan.planId}: remove the plan from the customer instead`);
      }
      await tx.grant.deleteMany({ where: { id: { in: doomed.map((grant) => grant.id) } } });
      const carried = data.recalculate_balances ? await carryUsage(tx, grants, doomed, now) : 0;
      for (const grant of doomed) {
        await recordAuditEvent(tx, ctx, {
          action: "balance.deleted",
          targetType: "balance",
          targetId: grant.id,
          customerId: customer.id,
          target: { featureId: feature.featureId, balanceId: grant.balanceId },
          before: { granted: grant.granted, usage: grant.usage, unlimited: grant.unlimited },
          after: data.recalculate_balances ? { usageCarriedOver: carried } : null,
        });
      }
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
  return { success: true };
}

/** With recalculate_balances: the deleted balances' usage stays counted, on the plan's own grant. */
async function carryUsage(tx: Tx, grants: BalanceGrant[], doomed: BalanceGrant[], now: Date): Promise<number> {
  const usage = doomed.reduce((sum, grant) => sum + grant.usage, 0);
  const rest = grants.filter((grant) => !doomed.includes(grant));
  const target = defaultGrant(rest);
  if (!target || usage === 0) return 0;
  await tx.grant.update({ where: { id: target.id }, data: { usage: { increment: usage }, updatedAt: now } });
  return usage;
}

/** balance_id alone: the feature of that balance. */
async function featureOfBalance(tx: Tx, ctx: Ctx, customerRef: string, balanceId: string): Promise<string> {
  const customer = await findCustomerByRef(tx, ctx.env, customerRef);
  if (!customer) throw customerNotFound(customerRef);
  const grant = await tx.grant.findFirst({
    where: { customerId: customer.id, OR: [{ balanceId }, { id: balanceId }] },
    select: { feature: { select: { featureId: true } } },
  });
  if (!grant) throw new DomainError("balance_not_found", `The customer has no balance ${balanceId}`);
  return grant.feature.featureId;
}

