// Enabling a plan for a customer: the ONE implementation behind the dashboard, /v1 attach of a
// plan that needs no payment, and the default plan of a new customer (inside the transaction that
// creates it). No checkout: balances and flags are granted at once.
import "server-only";
import type { Customer, CustomerPlan } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { DomainError, customerNotFound, invalidInputs } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { applyDueChangesInTx } from "./apply-due-changes";
import { auditCustomerPlanChange, createActiveCustomerPlan, createCustomerPlan, customerPlanSnapshot, lockCustomerGrants, type LoadedCustomerPlan } from "./customer-plan-lifecycle";
import { lockCustomerRowForGrantChange } from "@/lib/customers/customer-queries";
import type { PlanView } from "./plan-view";
import { emitCustomerPlanCanceled, emitCustomerPlanEnabled } from "@/lib/outbox/public-events";
import type { EnablePlanOptions } from "./schemas";

export type EnabledPlan = {
  customerPlan: CustomerPlan;
  /** False when the plan was already active, exactly as asked: nothing changed. */
  changed: boolean;
  /** Plans of the same group this one replaced (upgrade, downgrade). */
  replaced: CustomerPlan[];
  /** Scheduled plans of the same group this one superseded. */
  canceled: CustomerPlan[];
};

export async function enablePlanInTx(
  tx: Tx,
  ctx: Ctx,
  args: {
    customerId: string;
    plan: PlanView;
    options: EnablePlanOptions;
    now: Date;
    /** The customer's row when the caller already locked it (lockCustomerRowForGrantChange): not locked again. */
    lockedCustomer?: Customer;
  },
): Promise<EnabledPlan> {
  const { customerId, plan, options, now } = args;
  const customer = args.lockedCustomer ?? (await lockCustomerRowForGrantChange(tx, ctx.env, customerId));
  if (!customer) throw customerNotFound(customerId);
  if (plan.archived) throw new DomainError("invalid_request", `Plan ${plan.id} is archived and cannot be enabled`);
  const itemFeatures = new Set(plan.items.map((item) => item.featureId));
  for (const featureId of Object.keys(options.overrides ?? {})) {
    if (!itemFeatures.has(featureId)) throw invalidInputs(`overrides.${featureId}`, `plan ${plan.id} has no item for feature ${featureId}`);
  }
  const startsAt = options.startsAt ?? now;
  if (options.endsAt && options.endsAt.getTime() <= Math.max(now.getTime(), startsAt.getTime())) {
    throw invalidInputs("endsAt", "must be in the future and after the start date");
  }
  // Every grant of the customer, before anything else touches one (see customer-plan-lifecycle.ts).
  await lockCustomerGrants(tx, customerId);
  await applyDueChangesInTx(tx, ctx.env, [customerId], now);
  const scheduled = startsAt.getTime() > now.getTime();

  // One read (after the due changes) for the three questions below: the customer's active and
  // scheduled plans of this plan or its group, add-ons aside, with their grants. An add-on stacks:
  // it is never "already active", supersedes nothing and replaces nothing.
  const current = plan.isAddOn
    ? []
    : await tx.customerPlan.findMany({
        where: {
          customerId,
          status: { in: ["active", "scheduled"] },
          plan: { isAddOn: false, OR: [{ id: plan.pk }, ...(plan.group !== null ? [{ group: plan.group }] : [])] },
        },
        include: { plan: true, grants: true },
        orderBy: { id: "asc" },
      });

  const asIs = options.customPriceAmount == null && !options.endsAt && Object.keys(options.overrides ?? {}).length === 0 && !options.note;
  if (!plan.isAddOn && !scheduled && asIs) {
    const existing = current.find((cp) => cp.planPk === plan.pk && cp.planVersionId === plan.versionId && cp.status === "active" && !cp.isCustom && cp.endsAt === null);
    if (existing) return { customerPlan: withoutRelations(existing), changed: false, replaced: [], canceled: [] };
  }

  // A newer choice within a group supersedes whatever was scheduled there.
  const canceled: CustomerPlan[] = [];
  for (const old of current.filter((cp) => cp.status === "scheduled")) {
    const after = await tx.customerPlan.update({ where: { id: old.id }, data: { status: "canceled", canceledAt: now } });
    await auditCustomerPlanChange(tx, ctx, "customer_plan.canceled", old, after, { supersededBy: plan.id });
    await emitCustomerPlanCanceled(tx, after, old.plan.planId, customer);
    canceled.push(after);
  }

  // Starting now: created active at once, replacing the active plans of its group (createActiveCustomerPlan);
  // starting later: created scheduled, and activated by the lazy transitions when its start comes.
  const replacing = scheduled ? [] : current.filter((cp) => cp.status === "active");
  const { customerPlan, replaced } = scheduled
    ? { customerPlan: await createCustomerPlan(tx, ctx, { customerId, plan, options, startsAt }), replaced: [] as CustomerPlan[] }
    : await createActiveCustomerPlan(tx, ctx, { customerId, plan, options, startsAt, at: now, replaced: replacing });
  await recordAuditEvent(tx, ctx, {
    action: "customer_plan.enabled",
    targetType: "customer_plan",
    targetId: customerPlan.id,
    customerId,
    target: { planId: plan.id, planName: plan.name, version: plan.version, ...(replacing.length ? { replaced: replacing.map((r) => r.plan.planId) } : {}) },
    after: customerPlanSnapshot(customerPlan, plan.id),
  });
  await emitCustomerPlanEnabled(tx, customerPlan, plan.id, customer);
  return { customerPlan, changed: true, replaced, canceled };
}

/** A customer plan row without the relations a query included. */
function withoutRelations({ plan: _plan, grants: _grants, ...row }: LoadedCustomerPlan): CustomerPlan {
  return row;
}
