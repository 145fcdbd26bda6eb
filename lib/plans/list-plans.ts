// The catalog's plans (current version, items and their features), and with a customer what each
// would mean for them. Two statements at once through the pg pool, no ORM: the plans.list that a
// pricing table calls on every render (issue 16) spent most of its CPU in Prisma's includes.
import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import type { CustomerPlanStatus, Env, FeatureType, PriceInterval, ResetInterval } from "@/lib/generated/prisma";
import { authorize } from "@/lib/auth/permissions";
import { pool } from "@/lib/db";
import { customerPkByRefSql } from "@/lib/customers/customer-ref-sql";
import { listPlansSchema } from "./schemas";
import { planFreeTrial, versionPrice, type PlanItemView, type PlanView } from "./plan-view";
import { planEligibility, type EligibilityCustomerPlan, type PlanEligibility } from "./plan-eligibility";

export type ListedPlan = PlanView & {
  /** With a customer: what the plan would mean for them (what a pricing table renders). */
  eligibility?: PlanEligibility;
};

export async function listPlans(ctx: Ctx, input?: z.input<typeof listPlansSchema>): Promise<ListedPlan[]> {
  authorize(ctx, "catalog:read");
  const { includeArchived, customerId } = listPlansSchema.parse(input);
  if (customerId !== undefined) authorize(ctx, "customers:read");
  // A customer who does not exist yet (a pricing table shown before the app's get-or-create ran)
  // is answered as a newcomer: no plan, every trial open. That is what attaching would find.
  const { plans, customerPlans } = await readCatalog(ctx.env, includeArchived, customerId ?? null);
  if (customerPlans === null) return plans;
  const now = new Date();
  return plans.map((plan) => ({ ...plan, eligibility: planEligibility(plan, customerPlans, now) }));
}

type CatalogRow = {
  pk: string;
  plan_id: string;
  name: string;
  description: string | null;
  group: string | null;
  is_default: boolean;
  is_add_on: boolean;
  archived_at: Date | null;
  trial_length: number | null;
  trial_unit: string | null;
  trial_card_required: boolean;
  trial_on_end: string | null;
  metadata: unknown;
  created_at: Date;
  updated_at: Date;
  version_id: string | null;
  version: number;
  price_amount: number | null;
  currency: string;
  price_interval: PriceInterval | null;
  /** The version's items (oldest first), each with its feature and its per-entity feature's API id. */
  items: ItemJson[];
  /** With a customer: every plan they have or had (the same on each row; null: none). */
  customer_plans?: CustomerPlanJson[] | null;
};

type ItemJson = {
  feature_pk: string;
  feature_id: string;
  feature_name: string;
  feature_type: FeatureType;
  feature_archived: boolean;
  included: number;
  unlimited: boolean;
  reset_interval: ResetInterval;
  overage_allowed: boolean;
  entity_feature_pk: string | null;
  entity_feature_id: string | null;
};

/**
 * The plans of the environment with their latest version (oldest plan first), as PlanViews, and with
 * a customer reference every plan that customer has or had (none when no customer has that
 * reference), for planEligibility: one statement (the customer's plans are a scalar subquery,
 * evaluated once and repeated on each row).
 */
async function readCatalog(env: Env, includeArchived: boolean, customerRef: string | null): Promise<{ plans: PlanView[]; customerPlans: EligibilityCustomerPlan[] | null }> {
  const { rows } = await pool().query<CatalogRow>(
    customerRef === null
      ? { name: "equinox_plans_catalog", text: catalogSql(""), values: [env, includeArchived] }
      : { name: "equinox_plans_catalog_customer", text: catalogSql(`, ${CUSTOMER_PLANS_SQL}`), values: [env, includeArchived, customerRef] },
  );
  return { plans: rows.map(toListedPlanView), customerPlans: customerRef === null ? null : (rows[0]?.customer_plans ?? []).map(toEligibilityCustomerPlan) };
}

/**
 * One plan of the environment (archived or not) with its current version, as loadPlan answers it,
 * in one statement through the pool instead of four ORM reads; null when there is none. Outside
 * any transaction: for a caller that reads the plan before opening its own (enablePlanForCustomer).
 */
export async function readPlanView(env: Env, planId: string): Promise<PlanView | null> {
  const { rows } = await pool().query<CatalogRow>({ name: "equinox_plan_view", text: catalogSql("", "p.plan_id = $2"), values: [env, planId] });
  return rows[0] ? toListedPlanView(rows[0]) : null;
}

const catalogSql = (extraColumns: string, which = "($2::boolean or p.archived_at is null)") => `select p.id as pk, p.plan_id, p.name, p.description, p."group", p.is_default, p.is_add_on, p.archived_at,
                  p.trial_length, p.trial_unit, p.trial_card_required, p.trial_on_end, p.metadata, p.created_at, p.updated_at,
                  v.id as version_id, v.version, v.price_amount, v.currency, v.price_interval::text as price_interval,
                  coalesce((select json_agg(json_build_object(
                             'feature_pk', i.feature_pk, 'feature_id', f.feature_id, 'feature_name', f.name, 'feature_type', f.type,
                             'feature_archived', f.archived_at is not null, 'included', i.included, 'unlimited', i.unlimited,
                             'reset_interval', i.reset_interval, 'overage_allowed', i.overage_allowed,
                             'entity_feature_pk', i.entity_feature_pk, 'entity_feature_id', ef.feature_id) order by i.id)
                              from plan_items i
                              join features f on f.id = i.feature_pk
                              left join features ef on ef.id = i.entity_feature_pk and ef.env = p.env
                             where i.plan_version_id = v.id), '[]') as items${extraColumns}
             from plans p
             left join lateral (select * from plan_versions pv where pv.plan_pk = p.id order by pv.version desc limit 1) v on true
            where p.env = $1::"Env" and ${which}
            order by p.created_at, p.id`;

/** As toPlanView (plan-view.ts) does for Prisma's rows, from the catalog statement's. */
function toListedPlanView(row: CatalogRow): PlanView {
  if (row.version_id === null) throw new Error(`Plan ${row.pk} has no version`);
  return {
    pk: row.pk,
    id: row.plan_id,
    name: row.name,
    description: row.description,
    group: row.group,
    isDefault: row.is_default,
    isAddOn: row.is_add_on,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at,
    version: row.version,
    versionId: row.version_id,
    price: versionPrice({ priceAmount: row.price_amount, currency: row.currency, priceInterval: row.price_interval }),
    items: row.items.map(toItemView),
    freeTrial: planFreeTrial({ trialLength: row.trial_length, trialUnit: row.trial_unit, trialCardRequired: row.trial_card_required, trialOnEnd: row.trial_on_end }),
    metadata: isRecord(row.metadata) ? row.metadata : {},
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toItemView(item: ItemJson): PlanItemView {
  const view: PlanItemView = {
    featurePk: item.feature_pk,
    featureId: item.feature_id,
    featureName: item.feature_name,
    featureType: item.feature_type,
    featureArchived: item.feature_archived,
    included: item.included,
    unlimited: item.unlimited,
    resetInterval: item.reset_interval,
    overageAllowed: item.overage_allowed,
    entityFeaturePk: item.entity_feature_pk,
  };
  // As withEntityFeatureIds (load-plan.ts): named only on per-entity items.
  if (item.entity_feature_pk) view.entityFeatureId = item.entity_feature_id;
  return view;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

type CustomerPlanJson = {
  plan_pk: string;
  status: CustomerPlanStatus;
  canceled_at: string | null;
  ends_at: string | null;
  trial_ends_at: string | null;
  custom_price_amount: number | null;
  custom_currency: string | null;
  is_add_on: boolean;
  group: string | null;
  price_amount: number | null;
  currency: string;
  price_interval: PriceInterval | null;
};

/** The customer's plans ($3: its reference), oldest first, as a JSON array (null: none, or no such customer). */
const CUSTOMER_PLANS_SQL = `(select json_agg(json_build_object(
                  'plan_pk', cp.plan_pk, 'status', cp.status, 'canceled_at', cp.canceled_at, 'ends_at', cp.ends_at, 'trial_ends_at', cp.trial_ends_at,
                  'custom_price_amount', cp.custom_price_amount, 'custom_currency', cp.custom_currency, 'is_add_on', cp_p.is_add_on, 'group', cp_p."group",
                  'price_amount', cp_v.price_amount, 'currency', cp_v.currency, 'price_interval', cp_v.price_interval) order by cp.id)
             from customer_plans cp
             join plans cp_p on cp_p.id = cp.plan_pk
             join plan_versions cp_v on cp_v.id = cp.plan_version_id
            where cp.env = $1::"Env" and cp.customer_id = ${customerPkByRefSql("$1", "$3")}) as customer_plans`;

const date = (value: string | null) => (value === null ? null : new Date(value));

function toEligibilityCustomerPlan(row: CustomerPlanJson): EligibilityCustomerPlan {
  return {
    planPk: row.plan_pk,
    status: row.status,
    canceledAt: date(row.canceled_at),
    endsAt: date(row.ends_at),
    trialEndsAt: date(row.trial_ends_at),
    customPriceAmount: row.custom_price_amount,
    customCurrency: row.custom_currency,
    plan: { isAddOn: row.is_add_on, group: row.group },
    planVersion: { priceAmount: row.price_amount, currency: row.currency, priceInterval: row.price_interval },
  };
}
