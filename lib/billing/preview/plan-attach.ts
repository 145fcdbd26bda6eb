// What attaching a plan would do for one customer, decided once for both billing.preview_attach
// and billing.attach: which plan it replaces, now or at the end of the period (upgrades immediate,
// downgrades at period end unless plan_schedule says otherwise), its trial, and the money.
import "server-only";
import type { Ctx } from "@/lib/context";
import type { Db, Tx } from "@/lib/db";
import { DomainError, invalidInputs } from "@/lib/errors";
import { carriedContract, type CarriedContract } from "@/lib/billing/contracts/carried-contract";
import type { AttachOptions } from "@/lib/billing/api/schemas";
import { planArchivedForAttach } from "@/lib/billing/errors";
import { currentPlanOf, loadBillingContext, outgoingPlanFor, stripeBilled, type BillingContext, type RunningPlan } from "./billing-context";
import { resolvePlanChoice, scheduleFor, trialEndsAt, type PlanChoice } from "./plan-choice";
import { attachMoney, quantityChangeMoney, type ChangeMoney, type CurrentPlan } from "./proration";

export type AttachPlanning = {
  context: BillingContext;
  choice: PlanChoice;
  outgoing: RunningPlan | null;
  outgoingMoney: CurrentPlan | null;
  schedule: "immediate" | "end_of_cycle";
  prorate: boolean;
  trialEndsAt: Date | null;
  startsAt: Date | null;
  endsAt: Date | null;
  /** The same plan is already running as asked: nothing to do. */
  unchanged: boolean;
  /** attach: a plan comes in (maybe replacing one); quantity: the running plan's quantity changes. */
  kind: "attach" | "quantity";
  money: ChangeMoney;
  /** A switch of a contract plan without ends_at: the contract the incoming plan keeps (endsAt is its end). */
  contract: CarriedContract | null;
};

/** Billing states in which Stripe has invoiced the plan's current period (past due: invoiced, not yet paid). */
const STRIPE_BILLED_STATES = new Set(["active", "past_due"]);

/**
 * Whether Stripe bills the outgoing plan's current period through its subscription, so that
 * replacing it may credit unused time. A plan billed elsewhere or not at all (no subscription),
 * a free plan, or one still awaiting its first payment has nothing Stripe billed to credit.
 */
export function creditableOutgoing(cp: Pick<RunningPlan, "stripeSubscriptionId" | "billingState">): boolean {
  return cp.stripeSubscriptionId !== null && STRIPE_BILLED_STATES.has(cp.billingState);
}

type AttachLike = Pick<AttachOptions, "customer_id" | "plan_id" | "version" | "feature_quantities" | "customize" | "free_trial" | "proration_behavior" | "plan_schedule" | "starts_at" | "ends_at">;

export async function planAttach(client: Db | Tx, ctx: Ctx, data: AttachLike, now: Date, known?: BillingContext): Promise<AttachPlanning> {
  const context = known ?? (await loadBillingContext(client, ctx.env, data.customer_id));
  const choice = await resolvePlanChoice(client, ctx.env, data);
  if (choice.plan.archived) throw planArchivedForAttach(choice.plan.id);
  const startsAt = data.starts_at !== undefined ? new Date(data.starts_at) : null;
  const endsAt = data.ends_at !== undefined ? new Date(data.ends_at) : null;
  if (endsAt && endsAt.getTime() <= Math.max(now.getTime(), startsAt?.getTime() ?? 0)) throw invalidInputs("ends_at", "must be in the future and after starts_at");

  const outgoing = outgoingPlanFor(context.plans, choice.plan);
  const outgoingMoney = outgoing ? currentPlanOf(outgoing, now) : null;
  // A plan whose subscription Stripe has not billed yet (awaiting its first payment) changes
  // without proration: Stripe would otherwise credit unused time nobody paid for. attach passes
  // this same flag to Stripe, so the preview and the bill agree.
  const prorate = data.proration_behavior !== "none" && !(outgoing && outgoing.stripeSubscriptionId !== null && !creditableOutgoing(outgoing));
  const everHad = await client.customerPlan.count({ where: { customerId: context.customer.id, planPk: choice.plan.pk } });
  const trial = trialEndsAt(choice.plan, data.free_trial !== undefined ? data.free_trial : data.customize?.free_trial, everHad === 0, now);

  // The same plan again: a quantity change, or nothing at all. Without feature_quantities the
  // running plan keeps its quantity.
  if (outgoing && outgoing.planPk === choice.plan.pk && outgoingMoney && !startsAt) {
    if (choice.featureQuantities.length === 0 && outgoing.quantity !== choice.quantity) {
      choice.quantity = outgoing.quantity;
      choice.priced = { ...choice.priced, quantity: outgoing.quantity };
    }
    const samePrice = (choice.customPriceAmount ?? null) === (outgoing.customPriceAmount ?? null) && outgoing.planVersionId === choice.plan.versionId;
    const sameItems = Object.keys(choice.overrides).length === 0 || choice.featureQuantities.length > 0;
    if (samePrice && sameItems && !endsAt) {
      const unchanged = choice.quantity === outgoing.quantity && Object.keys(choice.overrides).length === 0;
      return {
        context, choice, outgoing, outgoingMoney, schedule: "immediate", prorate, trialEndsAt: null, startsAt, endsAt, unchanged, kind: "quantity", contract: null,
        money: unchanged ? { lines: [], nextCycle: null, effectiveAt: now, outgoingEndsAt: null } : quantityMoney(outgoing, outgoingMoney, choice.quantity, now, prorate),
      };
    }
  }

  const schedule = scheduleFor(choice.priced, outgoingMoney, data.plan_schedule);
  // With no subscription to change, attach bills the incoming plan on its own (Checkout, or a new
  // invoice subscription) from now: the outgoing plan is priced at nothing, so it gives no credit
  // and lends no billing anchor; its period still decides an end-of-cycle schedule above.
  const moneyOutgoing = outgoingMoney && outgoing && outgoing.stripeSubscriptionId === null ? { ...outgoingMoney, unitAmount: 0 } : outgoingMoney;
  const money = attachMoney({ incoming: choice.priced, outgoing: moneyOutgoing, now, schedule, prorate, trialEndsAt: trial, startsAt });
  // A switch of a contract plan keeps the contract (contracts/carried-contract.ts), unless the
  // attach sells a new term with its own ends_at: the incoming plan ends, or renews, on the
  // contract's own end, in the database and on its subscription.
  const contract = outgoing && !endsAt ? carriedContract(outgoing) : null;
  if (contract && contract.endsAt.getTime() <= money.effectiveAt.getTime()) {
    throw new DomainError(
      "invalid_request",
      `plan ${outgoing!.plan.planId}'s contract ends ${contract.endsAt.toISOString()}, before the switch would take effect: switch once it has renewed or ended, or attach the plan with a new ends_at`,
    );
  }
  return { context, choice, outgoing, outgoingMoney, schedule, prorate, trialEndsAt: trial, startsAt, endsAt: contract?.endsAt ?? endsAt, unchanged: false, kind: "attach", money, contract };
}

/**
 * A running plan's quantity change, as it will really be billed (billing.update applies it the
 * same way, apply-plan-change.ts): only a Stripe subscription that bills the plan charges the
 * difference for the rest of the period (Stripe's proration of the item's quantity); a plan with
 * no subscription changes in Equinox alone, so nothing is due now. Its next cycle is then how it is
 * billed: the new quantity from the period's end when billing is still to start here (invoice
 * subscription or Checkout made later with the plan's quantity), nothing for a plan billed
 * elsewhere (nothing renews here, as the next-invoice preview says).
 */
function quantityMoney(outgoing: RunningPlan, current: CurrentPlan, newQuantity: number, now: Date, prorate: boolean): ChangeMoney {
  const money = quantityChangeMoney({ current, newQuantity, now, prorate: prorate && stripeBilled(outgoing) });
  return outgoing.billingMode === "elsewhere" ? { ...money, nextCycle: null } : money;
}
