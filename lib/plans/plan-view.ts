// How a catalog plan is read: the plan with its current version's price and items.
import type { FeatureType, Plan, PlanItem, PlanVersion, PriceInterval, ResetInterval, Feature, Prisma } from "@/lib/generated/prisma";
import { DomainError } from "@/lib/errors";

export type PlanPrice = { amount: number; currency: string; interval: PriceInterval };

export type PlanItemView = {
  featurePk: string;
  featureId: string;
  featureName: string;
  featureType: FeatureType;
  featureArchived: boolean;
  included: number;
  unlimited: boolean;
  resetInterval: ResetInterval;
  overageAllowed: boolean;
  /** Per-entity item (Autumn's entity_feature_id): each entity of this feature gets `included` of its own. */
  entityFeaturePk?: string | null;
  /** That feature's API id; filled by loadPlan and listPlans (see withEntityFeatureIds). */
  entityFeatureId?: string | null;
};

export type FreeTrial = { length: number; unit: "day" | "month" | "year"; cardRequired: boolean; onEnd: "bill" | "revert" };

export type PlanView = {
  /** Internal id. */
  pk: string;
  /** The API id (`pro`). */
  id: string;
  name: string;
  description: string | null;
  group: string | null;
  isDefault: boolean;
  isAddOn: boolean;
  archived: boolean;
  archivedAt: Date | null;
  /** The version new enablements get. */
  version: number;
  versionId: string;
  /** null = free. */
  price: PlanPrice | null;
  items: PlanItemView[];
  /** null = no free trial. */
  freeTrial: FreeTrial | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
};

/** Prisma include that loads a plan's current (latest) version with its items and features. */
export const currentVersionInclude = {
  versions: { orderBy: { version: "desc" }, take: 1, include: { items: { include: { feature: true }, orderBy: { id: "asc" } } } },
} satisfies Prisma.PlanInclude;

export type PlanWithCurrentVersion = Plan & { versions: (PlanVersion & { items: (PlanItem & { feature: Feature })[] })[] };

export function versionPrice(version: Pick<PlanVersion, "priceAmount" | "currency" | "priceInterval">): PlanPrice | null {
  if (version.priceAmount === null) return null;
  return { amount: version.priceAmount, currency: version.currency, interval: version.priceInterval ?? "month" };
}

export const isPaidPrice = (price: PlanPrice | null) => price !== null && price.amount > 0;

export function toPlanView(plan: PlanWithCurrentVersion): PlanView {
  const version = plan.versions[0];
  if (!version) throw new Error(`Plan ${plan.id} has no version`);
  return {
    pk: plan.id,
    id: plan.planId,
    name: plan.name,
    description: plan.description,
    group: plan.group,
    isDefault: plan.isDefault,
    isAddOn: plan.isAddOn,
    archived: plan.archivedAt !== null,
    archivedAt: plan.archivedAt,
    version: version.version,
    versionId: version.id,
    price: versionPrice(version),
    items: version.items.map((item) => ({
      featurePk: item.featurePk,
      featureId: item.feature.featureId,
      featureName: item.feature.name,
      featureType: item.feature.type,
      featureArchived: item.feature.archivedAt !== null,
      included: item.included,
      unlimited: item.unlimited,
      resetInterval: item.resetInterval,
      overageAllowed: item.overageAllowed,
      entityFeaturePk: item.entityFeaturePk,
    })),
    freeTrial: planFreeTrial(plan),
    metadata: isRecord(plan.metadata) ? plan.metadata : {},
    createdAt: plan.createdAt,
    updatedAt: plan.updatedAt,
  };
}

/** The plan's free trial from its columns (Prisma's row, or plans.list's own statement). */
export function planFreeTrial(plan: Pick<Plan, "trialLength" | "trialUnit" | "trialCardRequired" | "trialOnEnd">): FreeTrial | null {
  if (plan.trialLength === null) return null;
  return {
    length: plan.trialLength,
    unit: plan.trialUnit === "month" || plan.trialUnit === "year" ? plan.trialUnit : "day",
    cardRequired: plan.trialCardRequired,
    onEnd: plan.trialOnEnd === "revert" ? "revert" : "bill",
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The plan's columns for a free trial (null clears it). */
export const freeTrialColumns = (trial: FreeTrial | null) => ({
  trialLength: trial?.length ?? null,
  trialUnit: trial?.unit ?? null,
  trialCardRequired: trial?.cardRequired ?? false,
  trialOnEnd: trial?.onEnd ?? null,
});

/** What the audit log keeps of a plan. */
export function planSnapshot(plan: PlanView) {
  return {
    planId: plan.id,
    name: plan.name,
    description: plan.description,
    group: plan.group,
    isDefault: plan.isDefault,
    isAddOn: plan.isAddOn,
    archived: plan.archived,
    version: plan.version,
    price: plan.price,
    items: plan.items.map(({ featureId, included, unlimited, resetInterval, overageAllowed, entityFeatureId }) => ({
      featureId,
      included,
      unlimited,
      resetInterval,
      overageAllowed,
      ...(entityFeatureId ? { entityFeatureId } : {}),
    })),
    freeTrial: plan.freeTrial,
  };
}

export const planNotFound = (planId: string, version?: number) =>
  new DomainError("plan_not_found", version === undefined ? `Plan ${planId} not found` : `Plan ${planId} has no version ${version}`);
