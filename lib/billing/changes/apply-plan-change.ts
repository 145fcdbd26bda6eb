// Carries out a planned attach (lib/billing/preview/plan-attach.ts) for billing.attach,
// billing.update (a switch of plan) and billing.multi_attach. Where the customer's plan is billed
// by a Stripe subscription, the subscription is changed through the Stripe SDK first (Stripe
// prorates and invoices), then Equinox's plans follow in one transaction; a plan with nothing in
// Stripe changes in the database only (free plans, plans billed elsewhere) and needs no Stripe.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { enablePlanInTx, type EnabledPlan } from "@/lib/plans/enable-plan";
import { lockCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { auditCustomerPlanChange, customerPlanSnapshot } from "@/lib/plans/customer-plan-lifecycle";
import { startPlanCheckout } from "@/lib/billing/start-plan-checkout";
import { stripeBilled, type RunningPlan } from "@/lib/billing/preview/billing-context";
import type { AttachPlanning } from "@/lib/billing/preview/plan-attach";
import type { PlanChoice } from "@/lib/billing/preview/plan-choice";
import { storedDiscounts, stripeDiscounts, type ResolvedDiscount } from "@/lib/billing/api/discounts";
import { contractCancelAt } from "@/lib/billing/lifecycle/start-billing";
import { newTermContract, type CarriedContract } from "@/lib/billing/contracts/carried-contract";
import { DEFAULT_REMINDER_DAYS } from "@/lib/billing/lifecycle/billing-options";
import { queuePlanItemCheck } from "@/lib/billing/lifecycle/billing-jobs";
import { afterStripe } from "./after-stripe";
import {
  changeInvoice,
  changeSubscriptionPlan,
  changeSubscriptionQuantity,
  ensureStripeProduct,
  handItemToPlan,
  itemPriceOf,
  readSubscription,
  restorePlanItem,
  setItemPrice,
  stopBillingAtPeriodEnd,
} from "./stripe-subscription-changes";
import { scheduledReplacementOf } from "./plan-change-rules";
import { contractEndsAtOf, effectiveCancelAt } from "./cancel-date";

export type WireInvoice = { status: string | null; stripe_id: string; total: number; currency: string; hosted_invoice_url: string | null };

export type AppliedChange = {
  paymentUrl: string | null;
  invoice?: WireInvoice;
  requiredAction?: { code: "payment_method_required"; reason: string };
  customerPlanId?: string;
};

export type ApplyOptions = {
  discounts: ResolvedDiscount[];
  successUrl?: string;
  redirectMode?: "always" | "if_required" | "never";
  now: Date;
};

const TX = { maxWait: 15_000, timeout: 30_000 } as const;

export async function applyAttachPlanning(ctx: Ctx, p: AttachPlanning, options: ApplyOptions): Promise<AppliedChange> {
  if (p.unchanged) return { paymentUrl: null };
  if (p.kind === "quantity" && p.outgoing) return applyQuantityChange(ctx, p.outgoing, p.choice, p.prorate, options.now, scheduledReplacementOf(p.context.plans, p.outgoing));

  const { choice, outgoing } = p;
  // A downgrade already scheduled for the outgoing plan is replaced by this change: enablePlanInTx
  // cancels the scheduled plan (a newer choice within a group supersedes it), and Stripe is put
  // back as if it had never been scheduled (below: the price the period was paid at, no stop at
  // the period's end), so nothing of it is left on the subscription.
  const scheduled = outgoing ? scheduledReplacementOf(p.context.plans, outgoing) : null;
  const contractColumns = contractColumnsOf(p.contract);
  const incomingTotal = choice.priced.unitAmount * choice.priced.quantity;
  const endOfCycle = p.schedule === "end_of_cycle" && p.outgoingMoney?.period ? p.outgoingMoney.period.end : null;

  if (outgoing && stripeBilled(outgoing)) {
    const subscriptionId = outgoing.stripeSubscriptionId;
    const itemOwners = [outgoing.id, ...(scheduled ? [scheduled.id] : [])];
    // The outgoing plan's item comes back (a plan stopping at the period's end, below) or goes (a
    // downgrade to a free plan at the period's end) in Stripe before the plans change in the
    // database: the check queued first repairs a failure in between (plan-item-check.ts).
    if ((incomingTotal > 0 && outgoing.cancelAtPeriodEnd) || (incomingTotal === 0 && endOfCycle)) {
      await db().$transaction((tx) => queuePlanItemCheck(tx, ctx.env, outgoing.id));
    }
    if (incomingTotal > 0) {
      // The outgoing plan's item went if it was stopping at the period's end on a subscription
      // billing other plans (stopBillingAtPeriodEnd): back first at the price this period was
      // paid at, so the switch below prorates against it as it would have without the stop.
      // Only a plan stopping at the period's end had its item removed: an item missing for any other
      // reason (a switch's hand-over that never completed names the replaced plan) is not re-added.
      const restored = outgoing.cancelAtPeriodEnd && (await restorePlanItem(ctx, subscriptionId, itemOwners, outgoing.id, () => itemPriceOf(ctx, outgoing)));
      // The incoming plan's contract: the one it carries over (planAttach), or, when the attach
      // gave its own ends_at, a new term that ends there, as invoice_mode makes one
      // (enable-billed-plan.ts): either way Stripe stops at the contract's end when it ends there.
      const contract = p.contract ?? (p.endsAt ? newTermContract(p.endsAt, endOfCycle ?? options.now, DEFAULT_REMINDER_DAYS) : null);
      // The subscription moves to the new price: now with proration (upgrade), or from the next
      // invoice without (a downgrade at the period's end: the period already paid stays as it was).
      const prorate = endOfCycle ? false : p.prorate;
      // A paid downgrade scheduled on this subscription already put its price on the item: Stripe
      // would credit the unused time at that price. The period's own price first (no proration),
      // so Stripe credits what was paid, as the preview does.
      const subscription = await stopAgainOnFailure(ctx, subscriptionId, itemOwners, restored, async () => {
        if (prorate && scheduled?.stripeSubscriptionId === subscriptionId) {
          await setItemPrice(ctx, subscriptionId, await itemPriceOf(ctx, outgoing), itemOwners, await itemPriceOf(ctx, scheduled));
        }
        const product = await ensureStripeProduct(ctx, choice.plan);
        return changeSubscriptionPlan(
          ctx,
          subscriptionId,
          {
            product,
            unitAmount: choice.priced.unitAmount,
            currency: choice.priced.currency,
            interval: choice.priced.interval,
            quantity: choice.quantity,
            prorate,
            discounts: stripeDiscounts(options.discounts),
            // The subscription stops where the incoming plan does: at its contract's end when the
            // contract ends there, else never.
            cancelAt: contract ? contractCancelAt(contract, options.now.getTime()) : null,
          },
          itemOwners,
        );
      });
      // The outgoing plan runs to the period's end no longer canceled: the switch replaced the
      // cancellation (or the scheduled downgrade to a free plan), as on the subscription. Done in
      // enableInDatabase's transaction, under the customer's lock, audited.
      const enabled = await afterStripe(() => enableInDatabase(ctx, p, options, endOfCycle, {
        ...contractColumnsOf(contract),
        stripeSubscriptionId: subscriptionId,
        billingMode: outgoing.billingMode,
        billingState: outgoing.billingState,
        invoiceDaysUntilDue: outgoing.invoiceDaysUntilDue,
        invoiceAutoFinalize: outgoing.invoiceAutoFinalize,
        currentPeriodStart: outgoing.currentPeriodStart,
        currentPeriodEnd: outgoing.currentPeriodEnd,
      }, endOfCycle ? { uncancel: outgoing.id } : null));
      await handItemToPlan(ctx, subscription, itemOwners, { customerPlanId: enabled.customerPlan.id, planId: choice.plan.id, planVersionId: choice.plan.versionId });
      const invoice = endOfCycle ? undefined : changeInvoice(subscription);
      return { paymentUrl: null, ...(invoice ? { invoice } : {}), customerPlanId: enabled.customerPlan.id };
    }
    // To a free plan: now, the replaced plan's subscription is canceled (the outbox, as for any
    // ended plan); at the period's end, Stripe stops billing the plan (the subscription stops, or
    // on one billing other plans too, the plan's item goes) and the free plan waits.
    if (endOfCycle) {
      // A paid downgrade this one replaces put its price on the item and named it there: put back
      // first, so taking the running plan back later renews it at its own price, not the dropped one's.
      if (scheduled) await putBackScheduledDowngrade(ctx, outgoing, scheduled);
      await stopBillingAtPeriodEnd(ctx, subscriptionId, [outgoing.id]);
    }
    const enabled = await afterStripe(() =>
      enableInDatabase(ctx, p, options, endOfCycle, contractColumns, endOfCycle ? { cancelAtPeriodEnd: outgoing.id, wasCanceled: outgoing.cancelAtPeriodEnd } : null),
    );
    return { paymentUrl: null, customerPlanId: enabled.customerPlan.id };
  }

  if (incomingTotal > 0) return checkout(ctx, p, options);
  const enabled = await enableInDatabase(ctx, p, options, endOfCycle, contractColumns);
  return { paymentUrl: null, customerPlanId: enabled.customerPlan.id };
}

/**
 * A paid plan with no Stripe subscription to change is bought through Stripe Checkout, with the
 * attach's terms: the custom price and quantity on the line item, its discount, its free trial,
 * and the terms in the metadata for the completion webhook. A future starts_at stays refused:
 * Checkout charges (or starts the trial) when the customer pays, it cannot defer billing to a date.
 */
async function checkout(ctx: Ctx, p: AttachPlanning, options: ApplyOptions): Promise<AppliedChange> {
  if (p.startsAt !== null && p.startsAt.getTime() > options.now.getTime()) {
    throw new DomainError(
      "not_supported",
      "starts_at in the future on a paid plan needs invoice_mode ({ enabled: true }): Stripe Checkout bills when the customer pays and cannot defer the start",
      { field: "starts_at" },
    );
  }
  if (options.redirectMode === "never") {
    return { paymentUrl: null, requiredAction: { code: "payment_method_required", reason: `Plan ${p.choice.plan.id} is paid: the customer must pay through Stripe Checkout (redirect_mode never returned no URL)` } };
  }
  const { choice } = p;
  const session = await startPlanCheckout(ctx, {
    customerId: p.context.customer.id,
    plan: choice.plan,
    successUrl: options.successUrl,
    now: options.now,
    sale: {
      unitAmount: choice.priced.unitAmount,
      currency: choice.priced.currency,
      interval: choice.priced.interval,
      quantity: choice.quantity,
      trialEndsAt: p.trialEndsAt,
      discounts: stripeDiscounts(options.discounts),
      terms: {
        customPriceAmount: choice.customPriceAmount,
        quantity: choice.quantity,
        endsAt: p.endsAt,
        overrides: choice.overrides,
        discounts: storedDiscounts(options.discounts),
      },
    },
  });
  return { paymentUrl: session.url };
}

/**
 * Enables the plan in Equinox (now, or scheduled for `startsAt`), with its quantity, trial, discounts
 * and any Stripe columns carried over. The outgoing plan that runs to the period's end changes in
 * the same transaction, under the customer's lock (lockCustomerPlan), audited: `uncancel`, no
 * longer canceled (a switch at the period's end replaces its cancellation); `cancelAtPeriodEnd`,
 * canceled at the period's end (a downgrade to a free plan: it stops there, as cancel_end_of_cycle
 * stops a plan, and the free plan starts).
 */
async function enableInDatabase(
  ctx: Ctx,
  p: AttachPlanning,
  options: ApplyOptions,
  endOfCycle: Date | null,
  columns: Prisma.CustomerPlanUncheckedUpdateInput,
  outgoingChange: { uncancel: string } | { cancelAtPeriodEnd: string; wasCanceled: boolean } | null = null,
): Promise<EnabledPlan> {
  const startsAt = endOfCycle ?? p.startsAt;
  return db().$transaction(async (tx) => {
    if (outgoingChange && "uncancel" in outgoingChange) {
      const cp = await lockCustomerPlan(tx, ctx, outgoingChange.uncancel, options.now);
      if (cp.cancelAtPeriodEnd) {
        const after = await tx.customerPlan.update({
          where: { id: cp.id },
          data: { cancelAtPeriodEnd: false, canceledAt: null, stopsForDowngrade: false, endsAt: cp.onContractEnd !== null ? cp.contractEndsAt : null },
        });
        await auditCustomerPlanChange(tx, ctx, "customer_plan.uncanceled", cp, after);
      }
    }
    if (outgoingChange && "cancelAtPeriodEnd" in outgoingChange && endOfCycle) {
      const cp = await lockCustomerPlan(tx, ctx, outgoingChange.cancelAtPeriodEnd, options.now);
      // Already canceled by the customer: that cancellation stands as it is (the downgrade stops
      // nothing more). Decided from the plan as planned, before Stripe was told to stop: Stripe's
      // webhook for that stop may have marked the row canceled already.
      if (!outgoingChange.wasCanceled) {
        const contractEndsAt = contractEndsAtOf(cp);
        const after = await tx.customerPlan.update({
          where: { id: cp.id },
          // stops_for_downgrade: canceling the downgrade later lifts this stop (keepRunningPlan), never a customer's own cancellation.
          data: { cancelAtPeriodEnd: true, stopsForDowngrade: true, contractEndsAt, endsAt: effectiveCancelAt(endOfCycle, contractEndsAt ?? cp.endsAt) ?? endOfCycle },
        });
        await auditCustomerPlanChange(tx, ctx, "customer_plan.cancel_scheduled", cp, after);
      }
    }
    const enabled = await enablePlanInTx(tx, ctx, {
      customerId: p.context.customer.id,
      plan: p.choice.plan,
      options: {
        customPriceAmount: p.choice.customPriceAmount,
        overrides: Object.keys(p.choice.overrides).length > 0 ? p.choice.overrides : undefined,
        startsAt,
        endsAt: p.endsAt,
      },
      now: options.now,
    });
    const data: Prisma.CustomerPlanUncheckedUpdateInput = {
      ...columns,
      ...(p.choice.quantity !== 1 ? { quantity: p.choice.quantity } : {}),
      ...(p.trialEndsAt ? { trialEndsAt: p.trialEndsAt } : {}),
      ...(options.discounts.length > 0 ? { discounts: storedDiscounts(options.discounts) } : {}),
    };
    if (Object.keys(data).length === 0) return enabled;
    const customerPlan = await tx.customerPlan.update({ where: { id: enabled.customerPlan.id }, data });
    return { ...enabled, customerPlan };
  }, TX);
}

/** The contract columns the incoming plan keeps (its ends_at comes with the planning). */
function contractColumnsOf(contract: CarriedContract | null): Prisma.CustomerPlanUncheckedUpdateInput {
  if (!contract) return {};
  return {
    onContractEnd: contract.onContractEnd,
    renewalReminderDays: contract.renewalReminderDays,
    renewalRemindedAt: contract.renewalRemindedAt,
    termStartsAt: contract.termStartsAt,
  };
}

/**
 * The running plan's quantity (and the feature amounts it grants) changes; Stripe's subscription
 * first when it bills the plan. A downgrade scheduled at the period's end stays scheduled: the
 * quantity is the running plan's, for the rest of its period (the scheduled plan starts with its
 * own). When that downgrade already put its price on the subscription's item, the item goes back
 * to the running plan's price for the change, so Stripe prorates the quantity at the price this
 * period is billed at (as the preview does), then takes the scheduled plan's price and quantity
 * again, without proration, for the next invoice. The first step only moves an item still at the
 * scheduled price, so a retry after a failure in between does not prorate the quantity twice.
 */
export async function applyQuantityChange(ctx: Ctx, cp: RunningPlan, choice: PlanChoice, prorate: boolean, now: Date, scheduled: RunningPlan | null = null): Promise<AppliedChange> {
  let subscription = null;
  if (stripeBilled(cp)) {
    const owners = [cp.id, ...(scheduled ? [scheduled.id] : [])];
    // A plan stopping at the period's end on a subscription billing other plans has no item there
    // (stopBillingAtPeriodEnd): back for the change, so Stripe prorates this period, then gone again.
    // The check queued first repairs what a failure between these calls would leave (plan-item-check.ts).
    if (cp.cancelAtPeriodEnd) await db().$transaction((tx) => queuePlanItemCheck(tx, ctx.env, cp.id));
    const subscriptionId = cp.stripeSubscriptionId;
    const restored = cp.cancelAtPeriodEnd && (await restorePlanItem(ctx, subscriptionId, owners, cp.id, () => itemPriceOf(ctx, cp)));
    subscription = await stopAgainOnFailure(ctx, subscriptionId, owners, restored, async () => {
      const scheduledPrice = scheduled?.stripeSubscriptionId === subscriptionId ? await itemPriceOf(ctx, scheduled) : null;
      if (scheduledPrice) await setItemPrice(ctx, subscriptionId, await itemPriceOf(ctx, cp), owners, scheduledPrice);
      const changed = await changeSubscriptionQuantity(ctx, subscriptionId, choice.quantity, prorate, owners);
      if (scheduledPrice) await setItemPrice(ctx, subscriptionId, scheduledPrice, owners);
      return changed;
    });
    // Best effort: the quantity is changed (and invoiced) in Stripe already, so the plan must follow
    // below; an item left behind is removed by the check queued above.
    if (restored) await stopBillingAtPeriodEnd(ctx, subscriptionId, owners).catch(itemLeftBehind(subscriptionId, owners));
  }
  await afterStripe(() => db().$transaction(async (tx) => {
    const locked = await lockCustomerPlan(tx, ctx, cp.id, now);
    const overrides = { ...((locked.overrides as Record<string, unknown> | null) ?? {}), ...choice.overrides } as Prisma.InputJsonValue;
    const after = await tx.customerPlan.update({ where: { id: cp.id }, data: { quantity: choice.quantity, overrides, isCustom: true } });
    for (const fq of choice.featureQuantities) {
      const item = choice.plan.items.find((candidate) => candidate.featureId === fq.feature_id);
      if (item) await tx.grant.updateMany({ where: { customerPlanId: cp.id, featurePk: item.featurePk }, data: { granted: fq.quantity, unlimited: false } });
    }
    await recordAuditEvent(tx, ctx, {
      action: "customer_plan.quantity_changed",
      targetType: "customer_plan",
      targetId: cp.id,
      customerId: cp.customerId,
      target: { planId: locked.plan.planId, from: locked.quantity, to: choice.quantity },
      before: customerPlanSnapshot(locked, locked.plan.planId),
      after: customerPlanSnapshot(after, locked.plan.planId),
    });
  }, TX));
  const invoice = changeInvoice(subscription);
  return { paymentUrl: null, ...(invoice ? { invoice } : {}), customerPlanId: cp.id };
}

/**
 * Runs a change of a plan whose item was just brought back for it (restorePlanItem: a plan
 * stopping at the period's end on a subscription billing other plans). When the change fails, the
 * item goes again at once, so the canceled plan is not billed for the next period; if that fails
 * too, the plan-item check queued before the restore removes it later (plan-item-check.ts).
 */
async function stopAgainOnFailure<T>(ctx: Ctx, subscriptionId: string, owners: readonly string[], restored: boolean, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (restored) await stopBillingAtPeriodEnd(ctx, subscriptionId, owners).catch(itemLeftBehind(subscriptionId, owners));
    throw error;
  }
}

/** Logs a stop that failed after a change: the plan-item check queued before the change removes the item later. */
const itemLeftBehind = (subscriptionId: string, owners: readonly string[]) => (error: unknown) =>
  console.warn(`[billing] the item of plan ${owners[0]} on ${subscriptionId} stays until the plan-item check removes it: ${error instanceof Error ? error.message : String(error)}`);

/**
 * A downgrade scheduled at the period's end is dropped (the running plan kept, or the scheduled
 * plan canceled: update-customer-plan-billing.ts's keepRunningPlan): the subscription's item is
 * put back as if it had never been scheduled, before the plan ends in Equinox. A paid downgrade
 * had already moved the running plan's item to the scheduled plan's price and named it there;
 * left so, Stripe would bill the cheaper plan from the next invoice while the dearer one runs on,
 * and on a subscription billing several plans the ended plan's job (cancel-stripe-subscription.ts)
 * would remove the running plan's item. A downgrade to a free plan changed no item (it stopped the
 * subscription at the period's end, which the caller lifts): nothing to put back here.
 */
export async function putBackScheduledDowngrade(ctx: Ctx, running: RunningPlan, scheduled: RunningPlan): Promise<void> {
  if (scheduled.status !== "scheduled" || !stripeBilled(scheduled) || running.stripeSubscriptionId !== scheduled.stripeSubscriptionId) return;
  const owners = [running.id, scheduled.id];
  const moved = await setItemPrice(ctx, scheduled.stripeSubscriptionId, await itemPriceOf(ctx, running), owners, await itemPriceOf(ctx, scheduled));
  const subscription = moved ?? (await readSubscription(ctx, scheduled.stripeSubscriptionId));
  await handItemToPlan(ctx, subscription, [scheduled.id], { customerPlanId: running.id, planId: running.plan.planId, planVersionId: running.planVersionId });
}
