// The life of a customer plan: created with its grants, activated (replacing the plans of its
// group and carrying their usage over), ended (canceled, expired or removed). Shared by enabling
// a plan and by the lazy transitions that run on the next read or write after a start or end date.
//
// Locking, so that no two of these and the check/track hot path ever deadlock: a change to a
// customer's plans (or an adjustment) first locks the customer row (lockCustomerForGrantChange in
// lib/customers/customer-queries.ts: FOR NO KEY UPDATE, which does
// not block the foreign-key checks of usage inserts), then ALL the customer's grant rows ordered
// by id, and only then applies due changes or writes. Everything else locks grant rows only, in
// increasing id order, with none held before: the hot path (one feature's grants), lazy resets
// (the due ones). Rows are thus always acquired in one global order (customer, then grant id),
// and no transaction ever waits for a lower id while holding a higher one.
import "server-only";
import type { Prisma, CustomerPlan, Grant } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { actorId, actorKind, actorLabel } from "@/lib/context";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { dueReset, firstResetAt } from "./reset-schedule";
import { currentVersionInclude, toPlanView, versionPrice, type PlanView } from "./plan-view";
import type { EnablePlanOptions } from "./schemas";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";
import { emitCustomerPlanCanceled, emitCustomerPlanEnabled } from "@/lib/outbox/public-events";

/** Locks all of the customer's grant rows, in the one order every writer uses. */
export async function lockCustomerGrants(tx: Tx, customerId: string): Promise<void> {
  await tx.$queryRaw`select id from grants where customer_id = ${customerId} order by id for update`;
}

const ms = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** What the audit log keeps of a customer plan. */
export function customerPlanSnapshot(cp: CustomerPlan, planId: string) {
  return {
    planId,
    status: cp.status,
    startsAt: ms(cp.startsAt),
    endsAt: ms(cp.endsAt),
    canceledAt: ms(cp.canceledAt),
    customPriceAmount: cp.customPriceAmount,
    customCurrency: cp.customCurrency,
    overrides: cp.overrides ?? null,
    isCustom: cp.isCustom,
    note: cp.note,
  } satisfies Prisma.InputJsonValue;
}

/**
 * Audits a change of one customer plan: `cp` as it was (with its plan, whose id names the entry),
 * `after` as it is now (none when it is gone), `target` what else the entry should say.
 */
export async function auditCustomerPlanChange(
  tx: Tx,
  ctx: Ctx,
  action: string,
  cp: CustomerPlan & { plan: { planId: string } },
  after: CustomerPlan | null,
  target: Record<string, Prisma.InputJsonValue> = {},
): Promise<void> {
  const planId = cp.plan.planId;
  await recordAuditEvent(tx, ctx, {
    action,
    targetType: "customer_plan",
    targetId: cp.id,
    customerId: cp.customerId,
    target: { planId, ...target },
    before: customerPlanSnapshot(cp, planId),
    ...(after ? { after: customerPlanSnapshot(after, planId) } : {}),
  });
}

/**
 * Creates the customer plan and one grant per plan item: copies of the plan version's items with
 * this customer's overrides applied, inactive until the plan is activated.
 */
export async function createCustomerPlan(
  tx: Tx,
  ctx: Ctx,
  args: { customerId: string; plan: PlanView; options: EnablePlanOptions; startsAt: Date },
): Promise<CustomerPlan> {
  const customerPlan = await tx.customerPlan.create({ data: newCustomerPlanData(ctx, { ...args, id: newId("cpl"), status: "scheduled" }) });
  const grants = newGrantsData(ctx, { ...args, customerPlanId: customerPlan.id, active: false });
  if (grants.length > 0) await tx.grant.createMany({ data: grants });
  return customerPlan;
}

const overridesOf = (options: EnablePlanOptions) => (options.overrides && Object.keys(options.overrides).length > 0 ? options.overrides : null);

/**
 * The row of a customer plan as enabling creates it (createCustomerPlan, and the bulk import's
 * set-based enabling for new customers): the negotiated price falls back to the plan's currency.
 */
export function newCustomerPlanData(
  ctx: Ctx,
  args: { id: string; customerId: string; plan: PlanView; options: EnablePlanOptions; startsAt: Date; status: "scheduled" | "active" },
): Prisma.CustomerPlanCreateManyInput {
  const { customerId, plan, options, startsAt } = args;
  const overrides = overridesOf(options);
  const customPrice = options.customPriceAmount ?? null;
  return {
    id: args.id,
    env: ctx.env,
    customerId,
    planPk: plan.pk,
    planVersionId: plan.versionId,
    status: args.status,
    startsAt,
    endsAt: options.endsAt ?? null,
    customPriceAmount: customPrice,
    customCurrency: customPrice !== null ? (options.customCurrency ?? plan.price?.currency ?? "usd") : null,
    overrides: overrides ?? undefined,
    isCustom: customPrice !== null || overrides !== null,
    note: options.note ?? null,
    enabledByKind: actorKind(ctx.actor),
    enabledById: actorId(ctx.actor),
    enabledByLabel: actorLabel(ctx.actor),
  };
}

/** One grant per plan item, with the customer's overrides applied (see createCustomerPlan). */
export function newGrantsData(
  ctx: Ctx,
  args: { customerId: string; customerPlanId: string; plan: PlanView; options: EnablePlanOptions; startsAt: Date; active: boolean },
): Prisma.GrantCreateManyInput[] {
  const { customerId, plan, startsAt } = args;
  const overrides = overridesOf(args.options);
  return plan.items.map((item) => {
    const override = overrides?.[item.featureId];
    const metered = item.featureType !== "boolean";
    const unlimited = metered && (override?.unlimited ?? item.unlimited);
    const resetInterval = item.featureType === "single_use" ? (override?.resetInterval ?? item.resetInterval) : "none";
    const resets = resetInterval !== "none";
    return {
      id: newId("grt"),
      env: ctx.env,
      customerId,
      customerPlanId: args.customerPlanId,
      featurePk: item.featurePk,
      granted: metered && !unlimited ? (override?.included ?? item.included) : 0,
      unlimited,
      overageAllowed: item.overageAllowed,
      usage: 0,
      resetInterval,
      resetAnchor: resets ? startsAt : null,
      lastResetAt: resets ? startsAt : null,
      nextResetAt: firstResetAt(startsAt, resetInterval),
      active: args.active,
      entityFeaturePk: item.entityFeaturePk ?? null,
    };
  });
}

export type LoadedCustomerPlan = Prisma.CustomerPlanGetPayload<{ include: { plan: true; grants: true } }>;

/**
 * Activates a customer plan at `at`. A plan that is not an add-on replaces the customer's active
 * plans of its group (and an active copy of itself): their grants stop counting, and the usage
 * they hold carries over to the new plan's grants for the same features (usage in the current
 * period of a resetting feature, seats in use of a continuous one). When exactly one old grant
 * resets on the same interval, the new grant keeps its schedule, so an upgrade mid-month does
 * not hand out a fresh month. Add-ons stack: they replace nothing.
 */
export async function activateCustomerPlan(tx: Tx, ctx: Ctx, customerPlanId: string, at: Date): Promise<LoadedCustomerPlan[]> {
  const cp = await tx.customerPlan.findUniqueOrThrow({ where: { id: customerPlanId }, include: { plan: true, grants: true } });
  const replaced = cp.plan.isAddOn
    ? []
    : await tx.customerPlan.findMany({
        where: {
          customerId: cp.customerId,
          status: "active",
          id: { not: cp.id },
          plan: { isAddOn: false, OR: [{ id: cp.planPk }, ...(cp.plan.group !== null ? [{ group: cp.plan.group }] : [])] },
        },
        include: { plan: true, grants: true },
        orderBy: { id: "asc" },
      });
  const oldGrants = replaced.flatMap((old) => old.grants.filter((grant) => grant.active));

  for (const grant of cp.grants) {
    await tx.grant.update({ where: { id: grant.id }, data: { active: true, ...carriedOver(grant, oldGrants, at) } });
  }
  await tx.customerPlan.update({ where: { id: cp.id }, data: { status: "active" } });
  await endReplacedPlans(tx, ctx, { id: cp.id, planId: cp.plan.planId }, replaced, at);
  return replaced;
}

/**
 * Creates a customer plan active from `at` (enablePlanInTx; its start `startsAt` is not after
 * `at`): the state createCustomerPlan then activateCustomerPlan at `at` reach, written directly
 * (the plan active, its grants active with the usage of `replaced` carried over as
 * activateCustomerPlan carries it) in two statements instead of five plus one per item.
 * `replaced`: the customer's active plans it replaces (those activateCustomerPlan would find: not
 * add-ons, this plan or its group), read by the caller under the customer's grant locks, with
 * their grants; they end as activateCustomerPlan ends them. Returns the new plan and the replaced
 * plans as they are now.
 */
export async function createActiveCustomerPlan(
  tx: Tx,
  ctx: Ctx,
  args: { customerId: string; plan: PlanView; options: EnablePlanOptions; startsAt: Date; at: Date; replaced: LoadedCustomerPlan[] },
): Promise<{ customerPlan: CustomerPlan; replaced: CustomerPlan[] }> {
  const { customerId, plan, options, startsAt, at } = args;
  const replaced = plan.isAddOn ? [] : args.replaced;
  const oldGrants = replaced.flatMap((old) => old.grants.filter((grant) => grant.active));
  const customerPlan = await tx.customerPlan.create({ data: newCustomerPlanData(ctx, { id: newId("cpl"), customerId, plan, options, startsAt, status: "active" }) });
  const grants = newGrantsData(ctx, { customerId, customerPlanId: customerPlan.id, plan, options, startsAt, active: true }).map((grant) => ({
    ...grant,
    ...carriedOver({ featurePk: grant.featurePk, resetInterval: grant.resetInterval ?? "none" }, oldGrants, at),
  }));
  if (grants.length > 0) await tx.grant.createMany({ data: grants });
  return { customerPlan, replaced: await endReplacedPlans(tx, ctx, { id: customerPlan.id, planId: plan.id }, replaced, at) };
}

/** The plans a new one replaced stop counting (activateCustomerPlan): returns them as they are now. */
async function endReplacedPlans(tx: Tx, ctx: Ctx, by: { id: string; planId: string }, replaced: LoadedCustomerPlan[], at: Date): Promise<CustomerPlan[]> {
  const ended: CustomerPlan[] = [];
  for (const old of replaced) {
    await tx.grant.updateMany({ where: { customerPlanId: old.id }, data: { active: false } });
    const after = await tx.customerPlan.update({ where: { id: old.id }, data: { status: "replaced", endsAt: at, replacedById: by.id } });
    // A replaced plan billed by a Stripe subscription: the event lets billing stop it (outbox).
    await emitSubscribedPlanEnded(tx, ctx.env, old);
    await recordAuditEvent(tx, ctx, {
      action: "customer_plan.replaced",
      targetType: "customer_plan",
      targetId: old.id,
      customerId: old.customerId,
      target: { planId: old.plan.planId, replacedBy: by.planId },
      before: customerPlanSnapshot(old, old.plan.planId),
      after: { ...customerPlanSnapshot(after, old.plan.planId), replacedByCustomerPlanId: by.id },
    });
    ended.push(after);
  }
  return ended;
}

type CarriedOver = { usage?: number; resetAnchor?: Date | null; lastResetAt?: Date | null; nextResetAt?: Date | null };

function carriedOver(grant: Pick<Grant, "featurePk" | "resetInterval">, oldGrants: Grant[], at: Date): CarriedOver {
  const olds = oldGrants.filter((old) => old.featurePk === grant.featurePk);
  if (olds.length === 0) return {};
  // An old grant whose period ended before `at` would have been reset by then: nothing carries.
  const usage = olds.reduce((sum, old) => sum + (dueReset(old, at) ? 0 : old.usage), 0);
  const sameSchedule = olds.length === 1 && grant.resetInterval !== "none" && olds[0]!.resetInterval === grant.resetInterval ? olds[0]! : undefined;
  if (!sameSchedule) return { usage };
  const reset = dueReset(sameSchedule, at);
  return {
    usage,
    resetAnchor: sameSchedule.resetAnchor,
    lastResetAt: reset?.lastResetAt ?? sameSchedule.lastResetAt,
    nextResetAt: reset?.nextResetAt ?? sameSchedule.nextResetAt,
  };
}

/**
 * Ends a customer plan (canceled or expired) at `at`: its grants stop counting at once. When
 * the customer is left without any plan of that group, the group's default plan (if any) takes
 * over from `at`, the way a canceled paid plan falls back to the free one.
 */
export async function endCustomerPlan(
  tx: Tx,
  ctx: Ctx,
  cp: CustomerPlan & { plan: { planId: string; isAddOn: boolean; group: string | null; id: string } },
  outcome: { status: "canceled" | "expired"; at: Date },
): Promise<void> {
  const wasActive = cp.status === "active";
  await tx.grant.updateMany({ where: { customerPlanId: cp.id }, data: { active: false } });
  const after = await tx.customerPlan.update({
    where: { id: cp.id },
    data: {
      status: outcome.status,
      ...(outcome.status === "canceled" ? { canceledAt: outcome.at } : {}),
      ...(wasActive && (!cp.endsAt || cp.endsAt > outcome.at) ? { endsAt: outcome.at } : {}),
    },
  });
  await auditCustomerPlanChange(tx, ctx, outcome.status === "canceled" ? "customer_plan.canceled" : "customer_plan.expired", cp, after);
  if (outcome.status === "canceled") await emitCustomerPlanCanceled(tx, after, cp.plan.planId);
  if (wasActive) await fallBackToDefaultPlan(tx, ctx, cp, outcome.at);
}

/** After a non-add-on plan of a group ended or was removed: the group's default plan, if the customer has nothing else there. */
export async function fallBackToDefaultPlan(
  tx: Tx,
  ctx: Ctx,
  ended: { customerId: string; plan: { id: string; isAddOn: boolean; group: string | null } },
  at: Date,
): Promise<CustomerPlan | null> {
  const { group } = ended.plan;
  if (ended.plan.isAddOn || group === null) return null;
  const remaining = await tx.customerPlan.count({
    where: { customerId: ended.customerId, status: { in: ["active", "scheduled"] }, plan: { group, isAddOn: false } },
  });
  if (remaining > 0) return null;
  const fallback = await tx.plan.findFirst({
    where: { env: ctx.env, group, isDefault: true, isAddOn: false, archivedAt: null, id: { not: ended.plan.id } },
    include: currentVersionInclude,
  });
  if (!fallback) return null;
  const plan = toPlanView(fallback);
  const created = await createCustomerPlan(tx, ctx, { customerId: ended.customerId, plan, options: {}, startsAt: at });
  await activateCustomerPlan(tx, ctx, created.id, at);
  const active = await tx.customerPlan.findUniqueOrThrow({ where: { id: created.id } });
  await recordAuditEvent(tx, ctx, {
    action: "customer_plan.enabled",
    targetType: "customer_plan",
    targetId: created.id,
    customerId: ended.customerId,
    target: { planId: plan.id, reason: `default plan of group ${group}` },
    after: customerPlanSnapshot(active, plan.id),
  });
  await emitCustomerPlanEnabled(tx, active, plan.id);
  return active;
}

/** The price a customer plan is billed at: the negotiated one, else its plan version's. */
export function effectivePrice(
  cp: Pick<CustomerPlan, "customPriceAmount" | "customCurrency">,
  version: Parameters<typeof versionPrice>[0],
) {
  const base = versionPrice(version);
  if (cp.customPriceAmount === null) return base;
  return { amount: cp.customPriceAmount, currency: cp.customCurrency ?? base?.currency ?? "usd", interval: base?.interval ?? "month" };
}
