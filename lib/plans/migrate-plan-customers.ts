// Moving customers from older versions of a plan to its current version, which editing a plan
// never does by itself. Each customer keeps what was negotiated for them: their custom price and
// per-feature overrides carry over to the new version's items, and so does the usage they have.
import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { Prisma } from "@/lib/generated/prisma";
import type { Tx } from "@/lib/db";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { firstResetAt } from "@/lib/plans/reset-schedule";
import { applyDueChangesInTx } from "@/lib/plans/apply-due-changes";
import { customerTransaction } from "@/lib/customers/customer-transaction";
import { migratePlanCustomersSchema, type PlanItemOverride } from "./schemas";
import { loadPlan } from "./load-plan";
import { lockCustomerGrants } from "./customer-plan-lifecycle";
import { lockCustomerForGrantChange } from "@/lib/customers/customer-queries";
import { grantTerms } from "./grant-terms";
import type { PlanView } from "./plan-view";

export type MigrationResult = { planId: string; version: number; migrated: number };

export async function migratePlanCustomers(ctx: Ctx, input: z.input<typeof migratePlanCustomersSchema>): Promise<MigrationResult> {
  authorize(ctx, "catalog:write");
  const { planId, fromVersion, includeCustom } = migratePlanCustomersSchema.parse(input);
  const plan = await loadPlan(db(), ctx.env, planId);
  const candidates = await db().customerPlan.findMany({
    where: {
      env: ctx.env,
      planPk: plan.pk,
      status: { in: ["active", "scheduled"] },
      planVersionId: { not: plan.versionId },
      ...(fromVersion !== undefined ? { planVersion: { version: fromVersion } } : {}),
      ...(includeCustom ? {} : { isCustom: false }),
    },
    select: { id: true, customerId: true },
    orderBy: { id: "asc" },
  });
  let migrated = 0;
  // One customer per transaction, taking their locks in the order every writer uses.
  for (const candidate of candidates) {
    const moved = await customerTransaction((tx) => migrateCustomerPlan(tx, ctx, candidate, plan));
    if (moved) migrated++;
  }
  return { planId: plan.id, version: plan.version, migrated };
}

async function migrateCustomerPlan(tx: Tx, ctx: Ctx, ref: { id: string; customerId: string }, plan: PlanView): Promise<boolean> {
  const now = new Date();
  if (!(await lockCustomerForGrantChange(tx, ctx.env, ref.customerId))) return false;
  await lockCustomerGrants(tx, ref.customerId);
  // Resets and ends that fell due happen first, on the terms they were due under.
  await applyDueChangesInTx(tx, ctx.env, [ref.customerId], now);
  const cp = await tx.customerPlan.findUnique({ where: { id: ref.id }, include: { grants: true, planVersion: true } });
  if (!cp || cp.planVersionId === plan.versionId || (cp.status !== "active" && cp.status !== "scheduled")) return false;

  const overrides = (cp.overrides ?? {}) as Record<string, PlanItemOverride>;
  const itemFeatures = new Set(plan.items.map((item) => item.featurePk));
  for (const item of plan.items) {
    const terms = grantTerms(item, overrides[item.featureId]);
    const grant = cp.grants.find((g) => g.featurePk === item.featurePk);
    if (grant) {
      // Usage stays; a changed reset interval starts its schedule now.
      const schedule =
        grant.resetInterval === terms.resetInterval
          ? {}
          : { resetAnchor: terms.resetInterval === "none" ? null : now, lastResetAt: terms.resetInterval === "none" ? null : now, nextResetAt: firstResetAt(now, terms.resetInterval) };
      await tx.grant.update({ where: { id: grant.id }, data: { ...terms, ...schedule } });
    } else {
      const resets = terms.resetInterval !== "none";
      await tx.grant.create({
        data: {
          id: newId("grt"),
          env: ctx.env,
          customerId: cp.customerId,
          customerPlanId: cp.id,
          featurePk: item.featurePk,
          ...terms,
          usage: 0,
          resetAnchor: resets ? now : null,
          lastResetAt: resets ? now : null,
          nextResetAt: firstResetAt(now, terms.resetInterval),
          active: cp.status === "active",
        },
      });
    }
  }
  // Features the new version no longer has: their balances from this plan end.
  await tx.grant.deleteMany({ where: { customerPlanId: cp.id, featurePk: { notIn: [...itemFeatures] } } });
  await tx.customerPlan.update({ where: { id: cp.id }, data: { planVersionId: plan.versionId } });
  await recordAuditEvent(tx, ctx, {
    action: "customer_plan.migrated",
    targetType: "customer_plan",
    targetId: cp.id,
    customerId: cp.customerId,
    target: { planId: plan.id, planName: plan.name, fromVersion: cp.planVersion.version, toVersion: plan.version },
    before: { version: cp.planVersion.version } satisfies Prisma.InputJsonValue,
    after: { version: plan.version },
  });
  return true;
}
