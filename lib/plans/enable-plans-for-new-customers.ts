// Enabling plans for many customers that were created in the same transaction and have no plan
// yet (the bulk import), set-based: a few multi-row INSERTs instead of enablePlanInTx's dozen
// statements per customer. The outcome is the one enablePlanInTx gives a new customer, by the same
// row builders (newCustomerPlanData, newGrantsData):
//   - the environment's default plans, as insertCustomer enables them;
//   - then the chosen plan, at its negotiated price and dates. Starting now, a plan that is not an
//     add-on replaces the default plans it would replace (the same plan, or its group): those are
//     simply not created, since the customer never had them. Starting later, it is scheduled and the
//     default plans stay until then (as enabling a future plan leaves the current ones).
// Nothing is replaced and no usage carries over: a new customer has none.
import "server-only";
import type { CustomerPlan, Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { recordAuditEvents, type AuditInput } from "@/lib/audit/record-audit-event";
import { customerPlanSnapshot, newCustomerPlanData, newGrantsData } from "./customer-plan-lifecycle";
import { currentVersionInclude, toPlanView, type PlanView } from "./plan-view";
import type { EnablePlanOptions } from "./schemas";

export type NewCustomerPlans = { customerId: string; plan: PlanView | null; options: EnablePlanOptions };

/** The environment's default plans (as enableDefaultPlans reads them), once per batch. */
export async function loadDefaultPlans(tx: Tx, env: Ctx["env"]): Promise<PlanView[]> {
  const plans = await tx.plan.findMany({ where: { env, isDefault: true, archivedAt: null }, include: currentVersionInclude, orderBy: { id: "asc" } });
  return plans.map(toPlanView);
}

/** Whether enabling `chosen` now would replace `other` (enablePlanInTx / activateCustomerPlan's rule). */
const replaces = (chosen: PlanView, other: PlanView) => !chosen.isAddOn && !other.isAddOn && (chosen.pk === other.pk || (chosen.group !== null && chosen.group === other.group));

export async function enablePlansForNewCustomers(tx: Tx, ctx: Ctx, entries: readonly NewCustomerPlans[], defaults: readonly PlanView[], now: Date): Promise<void> {
  const customerPlans: Prisma.CustomerPlanCreateManyInput[] = [];
  const grants: Prisma.GrantCreateManyInput[] = [];
  const audits: AuditInput[] = [];
  const enable = (customerId: string, plan: PlanView, options: EnablePlanOptions) => {
    const startsAt = options.startsAt ?? now;
    const active = startsAt.getTime() <= now.getTime();
    const row = newCustomerPlanData(ctx, { id: newId("cpl"), customerId, plan, options, startsAt, status: active ? "active" : "scheduled" });
    customerPlans.push(row);
    grants.push(...newGrantsData(ctx, { customerId, customerPlanId: row.id, plan, options, startsAt, active }));
    audits.push({
      action: "customer_plan.enabled",
      targetType: "customer_plan",
      targetId: row.id,
      customerId,
      target: { planId: plan.id, planName: plan.name, version: plan.version },
      // The row as the snapshot reads it (the columns the database would fill are filled alike).
      after: customerPlanSnapshot({ ...row, canceledAt: null, overrides: row.overrides ?? null, isCustom: row.isCustom ?? false } as unknown as CustomerPlan, plan.id),
    });
  };
  for (const { customerId, plan, options } of entries) {
    if (plan?.archived) throw new Error(`enablePlansForNewCustomers: plan ${plan.id} is archived`);
    const startsNow = plan !== null && (options.startsAt ?? now).getTime() <= now.getTime();
    // Enabling a default plan again, as it is: enablePlanInTx finds it active and changes nothing.
    const asIs = options.customPriceAmount == null && !options.endsAt && !options.note && Object.keys(options.overrides ?? {}).length === 0;
    const alreadyHas = plan !== null && asIs && startsNow && !plan.isAddOn && defaults.some((fallback) => fallback.pk === plan.pk);
    for (const fallback of defaults) {
      if (plan && startsNow && !alreadyHas && replaces(plan, fallback)) continue;
      enable(customerId, fallback, {});
    }
    if (plan && !alreadyHas) enable(customerId, plan, options);
  }
  await insertCustomerPlans(tx, customerPlans);
  await insertGrants(tx, grants);
  await recordAuditEvents(tx, ctx, audits);
}

const iso = (value: Date | string | null | undefined) => (value == null ? null : new Date(value).toISOString());

// One INSERT ... SELECT FROM unnest(...) per table: Prisma's createMany costs about 2 ms a row here.
async function insertCustomerPlans(tx: Tx, rows: Prisma.CustomerPlanCreateManyInput[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    insert into customer_plans (id, env, customer_id, plan_pk, plan_version_id, status, starts_at, ends_at, custom_price_amount, custom_currency,
                                overrides, is_custom, note, enabled_by_kind, enabled_by_id, enabled_by_label, updated_at)
    select t.id, t.env::"Env", t.customer_id, t.plan_pk, t.plan_version_id, t.status::"CustomerPlanStatus", t.starts_at, t.ends_at, t.custom_price_amount,
           t.custom_currency, t.overrides::jsonb, t.is_custom, t.note, t.enabled_by_kind::"ActorKind", t.enabled_by_id, t.enabled_by_label, now()
    from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.env)}::text[], ${rows.map((r) => r.customerId)}::text[], ${rows.map((r) => r.planPk)}::text[],
                ${rows.map((r) => r.planVersionId)}::text[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => iso(r.startsAt))}::timestamptz[],
                ${rows.map((r) => iso(r.endsAt))}::timestamptz[], ${rows.map((r) => r.customPriceAmount ?? null)}::int[], ${rows.map((r) => r.customCurrency ?? null)}::text[],
                ${rows.map((r) => (r.overrides == null ? null : JSON.stringify(r.overrides)))}::text[], ${rows.map((r) => r.isCustom ?? false)}::boolean[],
                ${rows.map((r) => r.note ?? null)}::text[], ${rows.map((r) => r.enabledByKind)}::text[], ${rows.map((r) => r.enabledById ?? null)}::text[],
                ${rows.map((r) => r.enabledByLabel ?? null)}::text[])
         as t(id, env, customer_id, plan_pk, plan_version_id, status, starts_at, ends_at, custom_price_amount, custom_currency, overrides, is_custom, note,
              enabled_by_kind, enabled_by_id, enabled_by_label)`;
}

async function insertGrants(tx: Tx, rows: Prisma.GrantCreateManyInput[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    insert into grants (id, env, customer_id, customer_plan_id, feature_pk, granted, unlimited, overage_allowed, usage, reset_interval,
                        reset_anchor, last_reset_at, next_reset_at, active, entity_feature_pk, updated_at)
    select t.id, t.env::"Env", t.customer_id, t.customer_plan_id, t.feature_pk, t.granted, t.unlimited, t.overage_allowed, t.usage,
           t.reset_interval::"ResetInterval", t.reset_anchor, t.last_reset_at, t.next_reset_at, t.active, t.entity_feature_pk, now()
    from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.env)}::text[], ${rows.map((r) => r.customerId)}::text[],
                ${rows.map((r) => r.customerPlanId ?? null)}::text[], ${rows.map((r) => r.featurePk)}::text[], ${rows.map((r) => r.granted ?? 0)}::float8[],
                ${rows.map((r) => r.unlimited ?? false)}::boolean[], ${rows.map((r) => r.overageAllowed ?? false)}::boolean[], ${rows.map((r) => r.usage ?? 0)}::float8[],
                ${rows.map((r) => r.resetInterval ?? "none")}::text[], ${rows.map((r) => iso(r.resetAnchor))}::timestamptz[],
                ${rows.map((r) => iso(r.lastResetAt))}::timestamptz[], ${rows.map((r) => iso(r.nextResetAt))}::timestamptz[],
                ${rows.map((r) => r.active ?? true)}::boolean[], ${rows.map((r) => r.entityFeaturePk ?? null)}::text[])
         as t(id, env, customer_id, customer_plan_id, feature_pk, granted, unlimited, overage_allowed, usage, reset_interval,
              reset_anchor, last_reset_at, next_reset_at, active, entity_feature_pk)`;
}
