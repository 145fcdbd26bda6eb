// One plan as an attach names it (plan_id, version, feature_quantities, customize) resolved into
// what Equinox enables and bills: the plan version, a negotiated price, per-feature overrides and
// the plan's quantity. Shared by the previews and by the attach itself, so they cannot disagree.
//
// Equinox prices a plan as a whole (its items carry no unit prices), so a feature quantity is read
// as Autumn reads a prepaid feature whose billing unit is the plan's item: the plan is bought in
// units of the item's included amount (quantity 25 of an item including 10 seats = 3 units, 30
// seats granted, the plan's price × 3). An item that includes nothing is sold one per unit.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { invalidInputs } from "@/lib/errors";
import { loadPlan, loadPlanVersion } from "@/lib/plans/load-plan";
import type { PlanView } from "@/lib/plans/plan-view";
import type { PlanItemOverride } from "@/lib/plans/schemas";
import type { CustomizeInput, FeatureQuantity, FreeTrialInput } from "@/lib/billing/api/schemas";
import { addInterval, type CurrentPlan, type PricedPlan } from "./proration";
import { monthlyAmount } from "./billing-context";

export type PlanChoiceInput = { plan_id: string; version?: number; feature_quantities?: FeatureQuantity[]; customize?: CustomizeInput };

export type PlanChoice = {
  plan: PlanView;
  /** The plan as money for this customer. */
  priced: PricedPlan;
  quantity: number;
  customPriceAmount: number | null;
  overrides: Record<string, PlanItemOverride>;
  /** As the answer echoes them (feature id and the quantity granted). */
  featureQuantities: { feature_id: string; quantity: number }[];
};

export async function resolvePlanChoice(client: Db | Tx, env: Env, input: PlanChoiceInput, field = ""): Promise<PlanChoice> {
  const plan = input.version !== undefined ? await loadPlanVersion(client, env, input.plan_id, input.version) : await loadPlan(client, env, input.plan_id);
  const overrides: Record<string, PlanItemOverride> = {};
  const itemOf = (featureId: string, path: string) => {
    const item = plan.items.find((candidate) => candidate.featureId === featureId);
    if (!item) throw invalidInputs(`${field}${path}`, `plan ${plan.id} has no item for feature ${featureId}`);
    return item;
  };

  (input.customize?.items ?? []).forEach((custom, index) => {
    itemOf(custom.feature_id, `customize.items.${index}.feature_id`);
    overrides[custom.feature_id] = {
      ...(custom.included !== undefined ? { included: custom.included } : {}),
      ...(custom.unlimited !== undefined ? { unlimited: custom.unlimited } : {}),
    };
  });

  let quantity = 1;
  const featureQuantities: PlanChoice["featureQuantities"] = [];
  let unitsFrom: string | undefined;
  (input.feature_quantities ?? []).forEach((fq, index) => {
    if (fq.quantity === undefined) return;
    const item = itemOf(fq.feature_id, `feature_quantities.${index}.feature_id`);
    const perUnit = item.unlimited ? 0 : item.included;
    const units = Math.max(1, perUnit > 0 ? Math.ceil(fq.quantity / perUnit) : Math.ceil(fq.quantity));
    if (unitsFrom !== undefined && units !== quantity) {
      throw invalidInputs(`${field}feature_quantities.${index}.quantity`, `asks for ${units} units of plan ${plan.id}, but ${unitsFrom} asks for ${quantity}`);
    }
    unitsFrom = fq.feature_id;
    quantity = units;
    const granted = perUnit > 0 ? units * perUnit : fq.quantity;
    overrides[fq.feature_id] = { ...overrides[fq.feature_id], included: granted, unlimited: false };
    featureQuantities.push({ feature_id: fq.feature_id, quantity: granted });
  });

  let customPriceAmount: number | null = null;
  const customPrice = input.customize?.price;
  if (customPrice) {
    const interval = plan.price?.interval ?? "month";
    if (customPrice.interval !== interval || customPrice.interval_count !== 1) {
      throw invalidInputs(`${field}customize.price.interval`, `must be the plan's interval (${interval}, interval_count 1): Equinox bills a plan on its own interval`);
    }
    customPriceAmount = Math.round(customPrice.amount * 100);
  }

  const base = plan.price;
  return {
    plan,
    priced: {
      planId: plan.id,
      name: plan.name,
      unitAmount: customPriceAmount ?? base?.amount ?? 0,
      quantity,
      currency: base?.currency ?? "usd",
      interval: base?.interval ?? "month",
    },
    quantity,
    customPriceAmount,
    overrides,
    featureQuantities,
  };
}

/** Upgrades (more per month, or nothing running) are immediate; downgrades wait for the end of the period, unless asked otherwise. */
export function scheduleFor(incoming: PricedPlan, outgoing: CurrentPlan | null, asked: "immediate" | "end_of_cycle" | undefined): "immediate" | "end_of_cycle" {
  if (asked) return asked;
  if (!outgoing || outgoing.planId === incoming.planId) return "immediate";
  return monthlyAmount(incoming) >= monthlyAmount(outgoing) ? "immediate" : "end_of_cycle";
}

/**
 * When the free trial of this attach ends, or null: the attach's own trial (free_trial, or
 * customize.free_trial) wins; else the plan's trial, offered on a customer's first enablement only.
 */
export function trialEndsAt(plan: PlanView, asked: FreeTrialInput | null | undefined, firstEnablement: boolean, now: Date): Date | null {
  if (asked === null) return null;
  const trial = asked ? { length: asked.duration_length, unit: asked.duration_type } : firstEnablement && plan.freeTrial ? plan.freeTrial : null;
  if (!trial) return null;
  if (trial.unit === "day") return new Date(now.getTime() + trial.length * 86_400_000);
  return addInterval(now, trial.unit === "year" ? "year" : "month", trial.length);
}
