// The portal's "Change plan": which plans of the same group the signed-in customer may switch a
// plan to (the catalog's own eligibility, as plans.list answers it: an upgrade or a downgrade
// within the group, never an add-on nor an archived plan), the preview of one switch
// (previewUpdate) and the switch itself (updateCustomerPlanBilling with plan_id: an upgrade now
// with proration, a downgrade at the period's end). The customer is the session user's; a switch
// must be one of the offered options, so the portal cannot attach an arbitrary plan. Contract
// customers (self-serve cancel off) are offered nothing and refused: they contact the team.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { DomainError, isDomainError } from "@/lib/errors";
import { currentVersionInclude, toPlanView, type PlanPrice } from "@/lib/plans/plan-view";
import { planEligibility } from "@/lib/plans/plan-eligibility";
import { findPortalUserCustomer } from "@/lib/customers/customer-queries";
import { previewUpdate, updateCustomerPlanBilling } from "@/lib/billing/changes/update-customer-plan-billing";
import { customerMaySelfServe, hasScheduledReplacement } from "@/lib/billing/changes/plan-change-rules";
import { portalPlanMessage, type PortalPlanResult } from "./portal-plan-billing";
import type { PortalCtx } from "./portal-ctx";

export type PortalPlanOption = { planId: string; name: string; price: PlanPrice | null; direction: "upgrade" | "downgrade" };

/** What the change-plan dialog shows for one switch; amounts in major units (as the API's previews). */
export type PortalChangePreview = {
  planId: string;
  currency: string;
  dueToday: number;
  lines: { description: string; total: number }[];
  /** When the new plan takes effect (ms; a downgrade: the current period's end), or null for now. */
  effectiveAt: number | null;
  nextCycle: { startsAt: number; total: number } | null;
};

export type PortalPreviewResult = { ok: true; preview: PortalChangePreview } | { ok: false; message: string };

const SETTING_UP = "Your account is still being set up. Reload the page in a moment and try again.";
const NOT_OFFERED = "That plan is not one you can switch to from here. Reload the page to see your options as they are now.";

/** For each of the customer's active main plans in a group (by customer plan id): the plans of its group they may switch to. */
async function switchesOf(ctx: PortalCtx, customer: Customer, now: Date): Promise<Record<string, PortalPlanOption[]>> {
  if (!customerMaySelfServe(customer)) return {};
  const customerPlans = await db().customerPlan.findMany({ where: { env: ctx.env, customerId: customer.id }, include: { plan: true, planVersion: true }, orderBy: { id: "asc" } });
  // A plan being canceled is kept first ("Keep plan"), then changed: one pending change at a time.
  // Nor is a plan with a downgrade already scheduled: the portal keeps one pending change at a time
  // (as Stripe's own portal does for a subscription with a scheduled change), although the API's
  // billing.update lets a switch replace the scheduled downgrade (update-customer-plan-billing.ts).
  const running = customerPlans.filter(
    (cp) => cp.status === "active" && !cp.plan.isAddOn && cp.plan.group !== null && !cp.cancelAtPeriodEnd && cp.canceledAt === null && !hasScheduledReplacement(customerPlans, cp),
  );
  if (running.length === 0) return {};
  const groups = [...new Set(running.map((cp) => cp.plan.group!))];
  const catalog = await db().plan.findMany({
    where: { env: ctx.env, group: { in: groups }, archivedAt: null, isAddOn: false },
    include: currentVersionInclude,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const views = catalog.filter((plan) => plan.versions.length > 0).map(toPlanView);
  const answer: Record<string, PortalPlanOption[]> = {};
  for (const cp of running) {
    answer[cp.id] = views
      .filter((plan) => plan.group === cp.plan.group && plan.pk !== cp.planPk && plan.price?.interval !== "one_off")
      .flatMap((plan) => {
        const { attachAction } = planEligibility(plan, customerPlans, now);
        return attachAction === "upgrade" || attachAction === "downgrade" ? [{ planId: plan.id, name: plan.name, price: plan.price, direction: attachAction }] : [];
      });
  }
  return answer;
}

/** The plans the signed-in customer may switch each of their plans to (empty when none, or for a contract customer). */
export async function listPortalPlanSwitches(ctx: PortalCtx, options: { now?: Date } = {}): Promise<Record<string, PortalPlanOption[]>> {
  const customer = await findPortalUserCustomer(db(), ctx.env, ctx.actor.userId);
  if (!customer) return {};
  return switchesOf(ctx, customer, options.now ?? new Date());
}

type Checked = { ok: true; customer: Customer } | { ok: false; message: string };

/** The customer, once the switch is one the portal offers them (else the answer to show). */
async function offeredSwitch(ctx: PortalCtx, customerPlanId: string, planId: string, now: Date): Promise<Checked> {
  const customer = await findPortalUserCustomer(db(), ctx.env, ctx.actor.userId);
  if (!customer) return { ok: false, message: SETTING_UP };
  if (!customerMaySelfServe(customer)) return { ok: false, message: portalPlanMessage(new DomainError("cancel_not_allowed", "self-serve changes are off"), "change plan", ctx) };
  const switches = await switchesOf(ctx, customer, now);
  if (!switches[customerPlanId]?.some((option) => option.planId === planId)) return { ok: false, message: NOT_OFFERED };
  return { ok: true, customer };
}

const updateInput = (customer: Customer, customerPlanId: string, planId: string) => ({
  customer_id: customer.externalId ?? customer.id,
  subscription_id: customerPlanId,
  plan_id: planId,
  // The portal takes no card payment inside a change: a switch that needs Checkout is answered as such.
  redirect_mode: "never" as const,
});

/** The codes the plan buttons already put in the portal's words (portalPlanMessage). */
const WORDED = new Set(["cancel_not_allowed", "not_found", "customer_not_found", "subscription_not_found", "invalid_request", "invalid_inputs", "stripe_error"]);

/** Plain words for a refused switch: the portal's own for the codes it knows, else the domain's message as it is (a refusal it explains, e.g. a change that needs Checkout). */
function changeMessage(error: unknown, ctx: PortalCtx): string {
  if (isDomainError(error) && !WORDED.has(error.code)) return error.message;
  return portalPlanMessage(error, "change plan", ctx);
}

const effectiveLater = (at: number | null, now: Date) => (at !== null && at > now.getTime() ? at : null);

export async function previewPortalPlanChange(ctx: PortalCtx, customerPlanId: string, planId: string, options: { now?: Date } = {}): Promise<PortalPreviewResult> {
  const now = options.now ?? new Date();
  const checked = await offeredSwitch(ctx, customerPlanId, planId, now);
  if (!checked.ok) return checked;
  try {
    const answer = await previewUpdate(ctx, updateInput(checked.customer, customerPlanId, planId), { now });
    return {
      ok: true,
      preview: {
        planId,
        currency: answer.currency,
        dueToday: answer.total,
        lines: answer.line_items.map((line) => ({ description: line.description, total: line.total })),
        effectiveAt: effectiveLater(answer.incoming[0]?.effective_at ?? null, now),
        nextCycle: answer.next_cycle ? { startsAt: answer.next_cycle.starts_at, total: answer.next_cycle.total } : null,
      },
    };
  } catch (error) {
    return { ok: false, message: changeMessage(error, ctx) };
  }
}

export const CHECKOUT_NEEDED = "This change needs a card payment, which cannot be taken here yet. Contact us and we will switch your plan.";

export async function changePortalPlan(ctx: PortalCtx, customerPlanId: string, planId: string, options: { now?: Date } = {}): Promise<PortalPlanResult> {
  const now = options.now ?? new Date();
  const checked = await offeredSwitch(ctx, customerPlanId, planId, now);
  if (!checked.ok) return checked;
  try {
    const answer = await updateCustomerPlanBilling(ctx, updateInput(checked.customer, customerPlanId, planId), { now });
    if (answer.required_action) return { ok: false, message: CHECKOUT_NEEDED };
    return { ok: true, url: answer.payment_url };
  } catch (error) {
    return { ok: false, message: changeMessage(error, ctx) };
  }
}
