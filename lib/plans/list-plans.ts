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
  const [plans, customerPlans] = await Promise.all([readCatalog(ctx.env, includeArchived), customerId === undefined ? null : readCustomerPlans(ctx.env, customerId)]);
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

/** The plans of the environment with their latest version (oldest plan first), as PlanViews. */
async function readCatalog(env: Env, includeArchived: boolean): Promise<PlanView[]> {
  const { rows } = await pool().query<CatalogRow>({
    name: "equinox_plans_catalog",
    text: `select p.id as pk, p.plan_id, p.name, p.description, p."group", p.is_default, p.is_add_on, p.archived_at,
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
                             where i.plan_version_id = v.id), '[]') as items
             from plans p
             left join lateral (select * from plan_versions pv where pv.plan_pk = p.id order by pv.version desc limit 1) v on true
            where p.env = $1::"Env" and ($2::boolean or p.archived_at is null)
            order by p.created_at, p.id`,
    values: [env, includeArchived],
  });
  return rows.map(toListedPlanView);
}

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

type CustomerPlanRow = {
  plan_pk: string;
  status: CustomerPlanStatus;
  canceled_at: Date | null;
  ends_at: Date | null;
  trial_ends_at: Date | null;
  custom_price_amount: number | null;
  custom_currency: string | null;
  is_add_on: boolean;
  group: string | null;
  price_amount: number | null;
  currency: string;
  price_interval: PriceInterval | null;
};

/** Every plan the customer has or had (none when no customer has that reference), for planEligibility. */
async function readCustomerPlans(env: Env, customerRef: string): Promise<EligibilityCustomerPlan[]> {
  const { rows } = await pool().query<CustomerPlanRow>({
    name: "equinox_plans_customer_plans",
    text: `select cp.plan_pk, cp.status::text as status, cp.canceled_at, cp.ends_at, cp.trial_ends_at, cp.custom_price_amount, cp.custom_currency,
                  p.is_add_on, p."group", v.price_amount, v.currency, v.price_interval::text as price_interval
             from customer_plans cp
             join plans p on p.id = cp.plan_pk
             join plan_versions v on v.id = cp.plan_version_id
            where cp.env = $1::"Env" and cp.customer_id = ${customerPkByRefSql("$1", "$2")}
            order by cp.id`,
    values: [env, customerRef],
  });
  return rows.map((row) => ({
    planPk: row.plan_pk,
    status: row.status,
    canceledAt: row.canceled_at,
    endsAt: row.ends_at,
    trialEndsAt: row.trial_ends_at,
    customPriceAmount: row.custom_price_amount,
    customCurrency: row.custom_currency,
    plan: { isAddOn: row.is_add_on, group: row.group },
    planVersion: { priceAmount: row.price_amount, currency: row.currency, priceInterval: row.price_interval },
  }));
}
