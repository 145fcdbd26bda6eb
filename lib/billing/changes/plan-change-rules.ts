// The rules that say whether a customer plan may be changed at all, decided once here and read by
// the billing API (updateCustomerPlanBilling / previewUpdate) and by the portal (which offers only
// what these allow), so the two can never disagree.
type GroupedPlan = { id: string; status: string; plan: { group: string | null; isAddOn: boolean } };

/**
 * The plan of `target`'s group already scheduled to replace it (a downgrade at the period's end),
 * if any. billing.update lets a new switch replace it (the scheduled plan is dropped) and a
 * quantity change apply to the running plan while it stays scheduled (update-customer-plan-billing.ts).
 */
export function scheduledReplacementOf<T extends GroupedPlan>(plans: readonly T[], target: GroupedPlan): T | null {
  const group = target.plan.group;
  if (group === null || target.plan.isAddOn) return null;
  return plans.find((cp) => cp.id !== target.id && cp.status === "scheduled" && !cp.plan.isAddOn && cp.plan.group === group) ?? null;
}

/** The running plan a scheduled plan is to replace at the period's end (its group's active plan), if any. */
export function runningPlanReplacedBy<T extends GroupedPlan>(plans: readonly T[], scheduled: GroupedPlan): T | null {
  if (scheduled.status !== "scheduled") return null;
  return plans.find((cp) => cp.status === "active" && scheduledReplacementOf(plans, cp)?.id === scheduled.id) ?? null;
}

/** Whether another plan of `target`'s group is already scheduled to replace it (the portal offers one pending change at a time). */
export function hasScheduledReplacement(plans: readonly GroupedPlan[], target: GroupedPlan): boolean {
  return scheduledReplacementOf(plans, target) !== null;
}

/** Whether the customer may change their own plans alone (cancel, keep, switch, quantity): off for contract customers (self_serve_cancel). */
export const customerMaySelfServe = (customer: { selfServeCancel: boolean }): boolean => customer.selfServeCancel;

/** The one self-serve rule: an end customer is held to it for every change of a plan; staff and API keys are not. */
export const actorMayChangePlans = (actor: { kind: string }, customer: { selfServeCancel: boolean }): boolean =>
  actor.kind !== "end_customer" || customerMaySelfServe(customer);
