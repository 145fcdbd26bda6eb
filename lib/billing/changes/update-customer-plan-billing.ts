// billing.update and billing.preview_update, and the portal's change / cancel of a plan (helper U
// calls updateCustomerPlanBilling with the end customer's ctx): cancel now or at the period's end,
// take a cancellation back, change the quantity, or switch to another plan of the group (an
// upgrade now with proration, a downgrade at the period's end). Through the Stripe SDK when a
// Stripe subscription bills the plan; in the database only for free plans and plans billed
// elsewhere (no Stripe needed). An end customer may not change a plan alone (cancel, keep, switch,
// quantity) when their customer's self_serve_cancel is off (contract customers): cancel_not_allowed.
import "server-only";
import type { Ctx } from "@/lib/context";
import type { Customer } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { DomainError, forbidden, invalidInputs } from "@/lib/errors";
import { apiCustomerId } from "@/lib/entitlements/api-customer-id";
import { findBillingCustomer } from "@/lib/billing/billing-customer";
import { lockCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { auditCustomerPlanChange, endCustomerPlan } from "@/lib/plans/customer-plan-lifecycle";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";
import { queuePlanItemCheck, queueRefundLastPayment } from "@/lib/billing/lifecycle/billing-jobs";
import { UNSUPPORTED_UPDATE_FIELDS, updateInputSchema, type UpdateInput, type UpdateOptions } from "@/lib/billing/api/schemas";
import { resolveDiscounts, discountsOfRow } from "@/lib/billing/api/discounts";
import { currentPlanOf, loadBillingContext, stripeBilled, type BillingContext, type RunningPlan } from "@/lib/billing/preview/billing-context";
import { planAttach, type AttachPlanning } from "@/lib/billing/preview/plan-attach";
import { attachMoney, cancelMoney, type ChangeMoney } from "@/lib/billing/preview/proration";
import { msOrNull, previewBody, type WirePreview } from "@/lib/billing/preview/preview-response";
import { planChanges } from "@/lib/billing/preview/preview-attach";
import { applyAttachPlanning, putBackScheduledDowngrade, type WireInvoice } from "./apply-plan-change";
import { itemPriceOf, resumeBilling, setCancelAt, stopBillingAtPeriodEnd } from "./stripe-subscription-changes";
import { afterStripe } from "./after-stripe";
import { contractCancelAt } from "@/lib/billing/lifecycle/start-billing";
import { DEFAULT_DAYS_UNTIL_DUE } from "@/lib/billing/lifecycle/billing-options";
import { actorMayChangePlans, runningPlanReplacedBy, scheduledReplacementOf } from "./plan-change-rules";
import { contractEndsAtOf, effectiveCancelAt } from "./cancel-date";

export type UpdateIntent = "update_plan" | "update_quantity" | "cancel_immediately" | "cancel_end_of_cycle" | "uncancel" | "none";

export type PreviewUpdateAnswer = WirePreview & { intent: UpdateIntent };

export type BillingUpdateAnswer = {
  customer_id: string;
  payment_url: string | null;
  invoice?: WireInvoice;
  required_action?: { code: "payment_method_required"; reason: string };
};

type UpdatePlanning =
  | {
      intent: "cancel_immediately" | "cancel_end_of_cycle" | "uncancel";
      context: BillingContext;
      target: RunningPlan;
      money: ChangeMoney;
      /** uncancel: the downgrade scheduled to replace the target at the period's end, which keeping the target drops. */
      scheduled: RunningPlan | null;
    }
  | { intent: "update_plan" | "update_quantity" | "none"; context: BillingContext; target: RunningPlan; attach: AttachPlanning };

/** The customer's plans, once findBillingCustomer has said the actor may bill this customer (staff and keys with customers:write, or the end customer for their own). */
async function loadContext(ctx: Ctx, customer: Customer): Promise<BillingContext> {
  return loadBillingContext(db(), ctx.env, customer.id);
}

/** The running plan the update is about: by subscription_id (the customer plan's id) or plan_id; else the customer's one running paid or main plan. */
function targetOf(context: BillingContext, data: UpdateOptions): { target: RunningPlan; switchTo: string | null } {
  const running = context.plans.filter((cp) => cp.status === "active");
  if (data.subscription_id) {
    const byId = context.plans.find((cp) => cp.id === data.subscription_id);
    if (!byId) throw new DomainError("subscription_not_found", `Customer ${data.customer_id} has no subscription ${data.subscription_id}`);
    return { target: byId, switchTo: data.plan_id && data.plan_id !== byId.plan.planId ? data.plan_id : null };
  }
  if (data.plan_id) {
    const own = context.plans.find((cp) => cp.plan.planId === data.plan_id && cp.status === "active") ?? context.plans.find((cp) => cp.plan.planId === data.plan_id);
    if (own) return { target: own, switchTo: null };
    // A plan the customer does not have: a switch from their plan of its group, if any.
    return { target: undefined as never, switchTo: data.plan_id };
  }
  const main = running.filter((cp) => !cp.plan.isAddOn);
  if (main.length === 1) return { target: main[0]!, switchTo: null };
  throw invalidInputs("plan_id", "is required: name the plan (or subscription_id) to update");
}

async function planUpdate(ctx: Ctx, data: UpdateOptions, now: Date, customer: Customer): Promise<UpdatePlanning> {
  const context = await loadContext(ctx, customer);
  // Every intent (not only cancel): an end customer of a contract customer cannot keep, switch or
  // change a quantity alone either, even by calling the server actions directly.
  if (!actorMayChangePlans(ctx.actor, context.customer)) throw cancelNotAllowed(context.customer);
  const { target, switchTo } = targetOf(context, data);
  if (data.customize) throw new DomainError("not_supported", "customize on billing.update is not supported: attach the plan again with customize (staff can change a negotiated price on the customer page)");
  refuseUnsupported(data, target);
  // A refund of the last payment is of a subscription's invoice: one billing other plans too paid for them as well.
  if (data.refund_last_payment && target && stripeBilled(target) && context.plans.some((cp) => cp.id !== target.id && cp.stripeSubscriptionId === target.stripeSubscriptionId && cp.status === "active")) {
    throw new DomainError("not_supported", `refund_last_payment on a subscription that bills other plans too is not supported: its last invoice paid for them as well`, { field: "refund_last_payment" });
  }

  if (data.cancel_action) {
    if (!target) throw new DomainError("subscription_not_found", `Customer ${data.customer_id} has no plan ${data.plan_id}`);
    if (target.status !== "active" && data.cancel_action !== "cancel_immediately") throw invalidInputs("cancel_action", `plan ${target.plan.planId} has not started yet: cancel it immediately`);
    // Taking back a cancellation also drops a downgrade scheduled to replace the plan (keepRunningPlan);
    // another plan of the group staff scheduled from a later date stays scheduled.
    const scheduled = data.cancel_action === "uncancel" ? scheduledDowngradeOf(context.plans, target, now) : null;
    if (data.cancel_action === "uncancel" && !target.cancelAtPeriodEnd && !scheduled) throw invalidInputs("cancel_action", `plan ${target.plan.planId} is not canceled: nothing to take back`);
    // Money back is staff's or the application's to give (keys with customers:write), never the end customer's own choice.
    if (data.refund_last_payment && ctx.actor.kind === "end_customer") throw forbidden("Only the account's staff can refund a payment");
    if (data.refund_last_payment && target.status !== "active") throw invalidInputs("refund_last_payment", `plan ${target.plan.planId} has not started: nothing was paid for it`);
    if (data.refund_last_payment && !stripeBilled(target)) {
      throw new DomainError("invalid_request", `plan ${target.plan.planId} is not paid through Stripe: there is no payment to refund`, { field: "refund_last_payment" });
    }
    const money = cancelMoney({ current: currentPlanOf(target, now), action: data.cancel_action, now, refund: stripeBilled(target) ? data.refund_last_payment : undefined });
    return { intent: data.cancel_action, context, target, money, scheduled };
  }

  const planId = switchTo ?? target?.plan.planId;
  if (!planId) throw new DomainError("subscription_not_found", `Customer ${data.customer_id} has no plan to update`);
  const attach = await planAttach(
    db(),
    ctx,
    {
      customer_id: data.customer_id,
      plan_id: planId,
      version: data.version,
      feature_quantities: data.feature_quantities,
      proration_behavior: data.proration_behavior,
    },
    now,
    context,
  );
  if (switchTo && !attach.outgoing) throw new DomainError("subscription_not_found", `Customer ${data.customer_id} has no plan ${switchTo}, nor a plan of its group to switch from: attach it`);
  const intent: UpdateIntent = attach.unchanged ? "none" : attach.kind === "quantity" ? "update_quantity" : "update_plan";
  const changing = target ?? attach.outgoing;
  // A downgrade already scheduled at the period's end does not block a change (as on Autumn and
  // Stripe): a switch replaces it (applyAttachPlanning drops the scheduled plan and puts Stripe
  // back), and a quantity change applies to the running plan for the rest of its period while the
  // downgrade stays scheduled: the next cycle is the scheduled plan's, as it will bill then.
  const scheduled = changing ? scheduledReplacementOf(context.plans, changing) : null;
  // The running plan named as it is while a downgrade is scheduled: that is how a customer keeps
  // their plan on Autumn and Stripe (the scheduled change is released). The downgrade is dropped
  // and the plan renews as it is, as uncancel does; nothing is due now. Only a true downgrade at
  // the period's end is dropped: a plan of the group staff scheduled from a later date stays
  // scheduled (the running plan's own cancellation, if any, is still taken back).
  if (intent === "none" && scheduled && changing?.status === "active") {
    const downgrade = isScheduledDowngradeOf(changing, scheduled, now) ? scheduled : null;
    if (downgrade || changing.cancelAtPeriodEnd) {
      return { intent: "uncancel", context, target: changing, money: cancelMoney({ current: currentPlanOf(changing, now), action: "uncancel", now }), scheduled: downgrade };
    }
  }
  // The next cycle is the downgrade's when one is scheduled at the period's end; a plan staff
  // scheduled from a later date leaves the next cycle to the running plan at its new quantity.
  const downgrade = intent === "update_quantity" && scheduled && changing && isScheduledDowngradeOf(changing, scheduled, now) ? scheduled : null;
  if (downgrade) {
    attach.money = { ...attach.money, nextCycle: attachMoney({ incoming: currentPlanOf(downgrade, now), outgoing: null, now, schedule: "end_of_cycle", prorate: false, startsAt: downgrade.startsAt }).nextCycle };
  }
  // A switch of a contract plan keeps the contract (attach.contract: planAttach decides it for every switch).
  return { intent, context, target: target ?? attach.outgoing!, attach };
}

/**
 * Autumn's billing.update parameters Equinox does not carry out are refused by name, never ignored.
 * invoice_mode is accepted when it describes how the plan is billed already (a switch or quantity
 * change is invoiced the way the plan's subscription bills it); changing how a plan is billed is not.
 */
function refuseUnsupported(data: UpdateOptions, target: RunningPlan | undefined): void {
  // A value that asks for nothing (false, null, { enabled: false }) is the default: accepted.
  const asksSomething = (value: unknown) =>
    value !== undefined && value !== null && value !== false && !(typeof value === "object" && (value as { enabled?: unknown }).enabled === false && Object.keys(value).length === 1);
  const field = UNSUPPORTED_UPDATE_FIELDS.find((name) => asksSomething(data[name]));
  if (field) throw new DomainError("not_supported", `${field} on billing.update is not supported by Equinox`, { field });
  const mode = data.invoice_mode;
  if (!mode || !target) return;
  const invoiced = target.billingMode === "invoice";
  const same =
    mode.enabled === invoiced &&
    (!invoiced ||
      ((mode.net_terms_days === undefined || mode.net_terms_days === (target.invoiceDaysUntilDue ?? DEFAULT_DAYS_UNTIL_DUE)) &&
        (mode.finalize === undefined || mode.finalize === (target.invoiceAutoFinalize ?? true))));
  if (!same) {
    throw new DomainError("not_supported", "invoice_mode on billing.update cannot change how a plan is billed: attach the plan again with the invoice_mode it should have", { field: "invoice_mode" });
  }
}

const cancelNotAllowed = (customer: Customer) =>
  new DomainError("cancel_not_allowed", `Plans of ${customer.name ?? "this account"} cannot be canceled here: contact us to change or end the contract`);

export async function previewUpdate(ctx: Ctx, input: UpdateInput, options: { now?: Date } = {}): Promise<PreviewUpdateAnswer> {
  const data = updateInputSchema.parse(input);
  const customer = await findBillingCustomer(ctx, data.customer_id);
  const now = options.now ?? new Date();
  const planning = await planUpdate(ctx, data, now, customer);
  const customerId = apiCustomerId(planning.context.customer);
  if ("money" in planning) {
    const current = currentPlanOf(planning.target, now);
    const canceling = planning.intent !== "uncancel";
    // Kept: a downgrade scheduled to replace the plan goes (it never starts).
    const dropped = planning.scheduled;
    return {
      ...previewBody({
        customerId,
        currency: current.currency,
        changes: [planning.money],
        discounts: discountsOfRow(planning.target.discounts),
        incoming: [],
        outgoing: canceling
          ? [{ plan_id: current.planId, feature_quantities: [], effective_at: msOrNull(planning.money.outgoingEndsAt), canceled_at: now.getTime(), expires_at: msOrNull(planning.money.outgoingEndsAt) }]
          : dropped
            ? [{ plan_id: dropped.plan.planId, feature_quantities: [], effective_at: now.getTime(), canceled_at: now.getTime(), expires_at: now.getTime() }]
            : [],
      }),
      intent: planning.intent,
    };
  }
  const discounts = data.discounts ? await resolveDiscounts(ctx, data.discounts, planning.attach.choice.priced.currency) : discountsOfRow(planning.target.discounts);
  return {
    ...previewBody({ customerId, currency: planning.attach.choice.priced.currency, changes: [planning.attach.money], discounts, ...planChanges(planning.attach, now) }),
    intent: planning.intent,
  };
}

export async function updateCustomerPlanBilling(ctx: Ctx, input: UpdateInput, options: { now?: Date } = {}): Promise<BillingUpdateAnswer> {
  const data = updateInputSchema.parse(input);
  const customer = await findBillingCustomer(ctx, data.customer_id);
  const now = options.now ?? new Date();
  const planning = await planUpdate(ctx, data, now, customer);
  const customerId = apiCustomerId(planning.context.customer);
  const { target } = planning;

  switch (planning.intent) {
    case "cancel_immediately": {
      // A scheduled downgrade canceled: the running plan renews as it is, as when it is kept
      // (Stripe back to billing it, no stop at the period's end a downgrade to a free plan set).
      // Only a downgrade: another plan of the group scheduled from a later date (staff) is simply
      // canceled, and the running plan's own cancellation at the period's end stands.
      const running = runningPlanReplacedBy(planning.context.plans, target);
      if (running && isScheduledDowngradeOf(running, target, now)) {
        await keepRunningPlan(ctx, running, target, now, "downgrade_dropped");
        return { customer_id: customerId, payment_url: null };
      }
      await db().$transaction(
        async (tx) => {
          const cp = await lockCustomerPlan(tx, ctx, target.id, now);
          if (cp.status !== "active" && cp.status !== "scheduled") throw invalidInputs("cancel_action", `plan ${cp.plan.planId} is already ${cp.status}`);
          await endCustomerPlan(tx, ctx, cp, { status: "canceled", at: now });
          // Billed by a Stripe subscription: the outbox cancels it (retried; a Stripe outage loses nothing).
          await emitSubscribedPlanEnded(tx, ctx.env, cp);
          // And refunds its last payment when asked (all, or the unused part of its period).
          if (data.refund_last_payment && cp.status === "active" && cp.stripeSubscriptionId) {
            await queueRefundLastPayment(tx, ctx.env, { customerPlanId: cp.id, subscriptionId: cp.stripeSubscriptionId, mode: data.refund_last_payment, at: now.toISOString() });
          }
        },
        { maxWait: 15_000, timeout: 30_000 },
      );
      return { customer_id: customerId, payment_url: null };
    }
    case "cancel_end_of_cycle": {
      if (stripeBilled(target)) {
        // Stripe first, then the plan: the check queued before either repairs a failure in between.
        await db().$transaction((tx) => queuePlanItemCheck(tx, ctx.env, target.id));
        await stopBillingAtPeriodEnd(ctx, target.stripeSubscriptionId, [target.id]);
      }
      const periodEnd = currentPlanOf(target, now).period?.end ?? null;
      await afterStripe(() => db().$transaction(
        async (tx) => {
          const cp = await lockCustomerPlan(tx, ctx, target.id, now);
          // A contract's own end is kept apart (contract_ends_at), so taking the cancellation back restores it.
          const contractEndsAt = contractEndsAtOf(cp);
          // The plan runs until the period's end (or the contract's, if sooner), then expires (Stripe's subscription.deleted says the same for a Stripe-billed one).
          const after = await tx.customerPlan.update({
            where: { id: cp.id },
            // The customer's own cancellation (stops_for_downgrade off): canceling a downgrade scheduled meanwhile does not lift it.
            data: { cancelAtPeriodEnd: true, canceledAt: now, stopsForDowngrade: false, contractEndsAt, endsAt: effectiveCancelAt(periodEnd, contractEndsAt ?? cp.endsAt) ?? now },
          });
          await auditCustomerPlanChange(tx, ctx, "customer_plan.cancel_scheduled", cp, after);
        },
        { maxWait: 15_000, timeout: 30_000 },
      ));
      return { customer_id: customerId, payment_url: null };
    }
    case "uncancel":
      await keepRunningPlan(ctx, target, planning.scheduled, now, "kept");
      return { customer_id: customerId, payment_url: null };
    case "none":
      return { customer_id: customerId, payment_url: null };
    default: {
      const discounts = await resolveDiscounts(ctx, data.discounts, planning.attach.choice.priced.currency);
      const applied = await applyAttachPlanning(ctx, planning.attach, { discounts, redirectMode: data.redirect_mode, now });
      return {
        customer_id: customerId,
        payment_url: applied.paymentUrl,
        ...(applied.invoice ? { invoice: applied.invoice } : {}),
        ...(applied.requiredAction ? { required_action: applied.requiredAction } : {}),
      };
    }
  }
}

/**
 * Whether `scheduled` is the downgrade that replaces `running` at its period's end (billing.update's
 * switch at the end of the cycle): it bills on the running plan's subscription (a paid downgrade), or
 * starts exactly when the running plan's period ends (a downgrade to a free plan, or one billed
 * elsewhere). A plan of the group staff scheduled from another date is not.
 */
function isScheduledDowngradeOf(running: RunningPlan, scheduled: RunningPlan, now: Date): boolean {
  if (stripeBilled(scheduled) && scheduled.stripeSubscriptionId === running.stripeSubscriptionId) return true;
  const startsAt = scheduled.startsAt.getTime();
  return startsAt === running.currentPeriodEnd?.getTime() || startsAt === currentPlanOf(running, now).period?.end.getTime();
}

/** The plan of `running`'s group scheduled to replace it that is its downgrade at the period's end (isScheduledDowngradeOf), if any: what keeping `running` drops. */
function scheduledDowngradeOf(plans: readonly RunningPlan[], running: RunningPlan, now: Date): RunningPlan | null {
  const scheduled = scheduledReplacementOf(plans, running);
  return scheduled && isScheduledDowngradeOf(running, scheduled, now) ? scheduled : null;
}

/**
 * The running plan renews as it is: its cancellation at the period's end is taken back, and the
 * downgrade scheduled to replace it, if any, is dropped (billing.update's uncancel, naming the
 * running plan while a downgrade is scheduled, or canceling the scheduled plan). Stripe first:
 * the item goes back to the running plan's price and names it (a paid downgrade), the stop at
 * the period's end goes (a downgrade to a free plan, or a cancellation), and a contract that ends
 * stops the subscription at the contract's own end again (start-billing.ts's cancel_at). Then,
 * in one transaction, the scheduled plan ends (canceled: it never starts) and the running plan's
 * own end is back to its contract's, or none. Refused, with nothing changed in
 * Stripe, when the plans are no longer as planned (the scheduled plan started or ended meanwhile).
 * `why`: "kept" (the customer keeps the running plan: any cancellation goes), "downgrade_dropped"
 * (the scheduled downgrade canceled: only the stop that downgrade set goes, stops_for_downgrade;
 * a cancellation of the customer's own stands).
 */
async function keepRunningPlan(ctx: Ctx, target: RunningPlan, dropping: RunningPlan | null, now: Date, why: "kept" | "downgrade_dropped"): Promise<void> {
  // Read again under the customer's lock before Stripe is touched: the plans as they are now
  // (another request, or the scheduled plan's start come meanwhile), not as planned.
  const { running, scheduled } = await db().$transaction(
    async (tx) => {
      const found = dropping ? await lockCustomerPlan(tx, ctx, dropping.id, now) : null;
      if (found && found.status !== "scheduled") throw invalidInputs("cancel_action", `plan ${found.plan.planId} is already ${found.status}`);
      const cp = await lockCustomerPlan(tx, ctx, target.id, now);
      if (cp.status !== "active") throw invalidInputs("cancel_action", `plan ${cp.plan.planId} is already ${cp.status}`);
      // Its item may come back on a subscription billing other plans before the plan renews in the
      // transaction below: the check repairs a failure in between (plan-item-check.ts).
      if (cp.stripeSubscriptionId && cp.cancelAtPeriodEnd) await queuePlanItemCheck(tx, ctx.env, cp.id);
      return { running: { ...target, ...cp }, scheduled: dropping && found ? { ...dropping, ...found } : null };
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
  const lifts = (cp: { cancelAtPeriodEnd: boolean; stopsForDowngrade: boolean }) => cp.cancelAtPeriodEnd && (why === "kept" || cp.stopsForDowngrade);
  if (scheduled) await putBackScheduledDowngrade(ctx, running, scheduled);
  if (stripeBilled(running) && lifts(running)) {
    // Its item back on a subscription billing other plans too (whose stop, if any, is theirs), or the subscription's stop lifted.
    const resumed = await resumeBilling(ctx, running.stripeSubscriptionId, running.id, () => itemPriceOf(ctx, running));
    const contractEnd = contractCancelAt({ endsAt: contractEndsAtOf(running), onContractEnd: running.onContractEnd }, now.getTime());
    if (resumed === "subscription" && contractEnd !== null) await setCancelAt(ctx, running.stripeSubscriptionId, new Date(contractEnd * 1000));
  }
  await afterStripe(() => db().$transaction(
    async (tx) => {
      if (scheduled) {
        const dropped = await lockCustomerPlan(tx, ctx, scheduled.id, now);
        if (dropped.status !== "scheduled") throw invalidInputs("cancel_action", `plan ${dropped.plan.planId} is already ${dropped.status}`);
        await endCustomerPlan(tx, ctx, dropped, { status: "canceled", at: now });
        // Its subscription is the running plan's, which keeps its item (named for it again above).
        await emitSubscribedPlanEnded(tx, ctx.env, dropped);
      }
      const cp = await lockCustomerPlan(tx, ctx, running.id, now);
      if (!lifts(cp)) return;
      const after = await tx.customerPlan.update({ where: { id: cp.id }, data: { cancelAtPeriodEnd: false, canceledAt: null, stopsForDowngrade: false, endsAt: contractEndsAtOf(cp) } });
      await auditCustomerPlanChange(tx, ctx, "customer_plan.uncanceled", cp, after);
    },
    { maxWait: 15_000, timeout: 30_000 },
  ));
}
