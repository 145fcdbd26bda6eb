// Every exported domain function that takes a context (found by the TypeScript parser, not by
// looking for `authorize(`: tests/authz/domain-function-scan.ts) either authorizes itself, or is
// listed here with what stands in for it: another domain function it hands off to (which must
// itself authorize), the caller that authorized before calling it, or why it needs none. A new
// function that forgets authorization is in none of these and fails this test. The database
// matrix (domain-functions.authz.db.test.ts) then calls every one that authorizes, as each actor.
import { describe, expect, it } from "vitest";
import { contextFunctions, type ContextFunction } from "./domain-function-scan";

/** Domain functions whose decision is made by the domain function they call first. */
export const HANDS_OFF: Record<string, string> = {
  "lib/customers/get-or-create-customer.ts#getOrCreateCustomer": "getOrCreateCustomerRecord",
  "lib/customers/update-customer.ts#updateCustomer": "updateCustomerRecord",
  "lib/customers/load-customer-list.ts#loadCustomerList": "searchCustomers",
  "lib/entities/get-customer-with-entities.ts#getCustomerWithEntities": "getCustomer",
  "lib/billing/open-customer-portal.ts#openCustomerPortal": "findBillingCustomer",
  "lib/billing/setup-payment.ts#setupPayment": "findBillingCustomer",
  "lib/billing/changes/update-customer-plan-billing.ts#updateCustomerPlanBilling": "findBillingCustomer",
  "lib/billing/changes/update-customer-plan-billing.ts#previewUpdate": "findBillingCustomer",
  "lib/staff/invite-staff.ts#inviteStaff": "addStaffMember",
};

/** Steps exported for other domain functions, which authorize before calling them. */
const AUTHORIZED_BY_CALLER: Record<string, string> = {
  "lib/billing/start-plan-checkout.ts#startPlanCheckout": "attachWithOptions and multiAttach (lib/billing/api/attach.ts), updateCustomerPlanBilling",
  "lib/billing/api/discounts.ts#resolveDiscounts": "attachWithOptions, multiAttach, previewAttach, previewMultiAttach, previewUpdate, updateCustomerPlanBilling, after their authorization",
  "lib/billing/changes/apply-plan-change.ts#applyAttachPlanning": "attachWithOptions, multiAttach, updateCustomerPlanBilling, after their authorization",
  "lib/billing/changes/apply-plan-change.ts#applyQuantityChange": "applyAttachPlanning",
  "lib/billing/changes/stripe-subscription-changes.ts#changeSubscriptionPlan": "applyAttachPlanning",
  "lib/billing/changes/stripe-subscription-changes.ts#changeSubscriptionQuantity": "applyQuantityChange",
  "lib/billing/changes/stripe-subscription-changes.ts#ensureStripeProduct": "applyAttachPlanning",
  "lib/billing/changes/stripe-subscription-changes.ts#setCancelAtPeriodEnd": "stopBillingAtPeriodEnd and resumeBilling",
  "lib/billing/changes/stripe-subscription-changes.ts#stopBillingAtPeriodEnd": "applyAttachPlanning (a downgrade to a free plan), applyQuantityChange and updateCustomerPlanBilling (cancel_end_of_cycle), after findBillingCustomer; the plan-item check job (system)",
  "lib/billing/changes/stripe-subscription-changes.ts#restorePlanItem": "applyAttachPlanning and applyQuantityChange (the plan's item back before a change), resumeBilling",
  "lib/billing/changes/stripe-subscription-changes.ts#resumeBilling": "updateCustomerPlanBilling (keepRunningPlan: a cancellation taken back), after findBillingCustomer",
  "lib/billing/changes/stripe-subscription-changes.ts#itemPriceOf": "applyAttachPlanning, applyQuantityChange, putBackScheduledDowngrade, keepRunningPlan and the plan-item check job (system): the price of a plan already authorized",
  "lib/billing/changes/stripe-subscription-changes.ts#setCancelAt": "updateCustomerPlanBilling (uncancel of a contract that ends), after findBillingCustomer",
  "lib/billing/changes/stripe-subscription-changes.ts#handItemToPlan": "applyAttachPlanning",
  "lib/billing/changes/stripe-subscription-changes.ts#setItemPrice": "applyAttachPlanning and applyQuantityChange (a change while a downgrade is scheduled)",
  "lib/billing/changes/stripe-subscription-changes.ts#readSubscription": "putBackScheduledDowngrade",
  "lib/billing/changes/apply-plan-change.ts#putBackScheduledDowngrade": "updateCustomerPlanBilling (a scheduled downgrade dropped: the running plan kept, or the scheduled plan canceled), after findBillingCustomer",
  "lib/billing/preview/preview-attach.ts#planMultiAttach": "multiAttach and previewMultiAttach, after authorize()",
  "lib/billing/ensure-stripe-customer.ts#ensureStripeCustomer": "the Stripe customer actions and the customers area's Stripe port, after their own authorize()",
  "lib/billing/ensure-stripe-customer.ts#withStripeCustomer": "openCustomerPortal, setupPayment, startPlanCheckout (after findBillingCustomer / attachPlan)",
  "lib/billing/invoices/settle-invoice.ts#findInvoice": "payInvoice, voidInvoice and reissueInvoice (invoices.reissue), after authorize()",
  "lib/balances/update-balance.ts#applyBalanceUpdate": "updateBalance and adjustBalance, after authorize()",
  "lib/events/event-filters.ts#resolveFeatures": "listEvents and aggregateEvents, after authorize()",
  "lib/customers/create-customer-statement.ts#createCustomerInOneStatement": "getOrCreateCustomerRecord, after authorize()",
  "lib/customers/create-customer-statement.ts#createUnlessPending": "getOrCreateCustomerRecord, after authorize()",
  "lib/customers/claim-customer.ts#claimInOneStatement": "getOrCreateCustomerRecord, after authorize()",
  "lib/customers/claim-customer.ts#claimWrites": "claimLockedPendingCustomer and claimInOneStatement (a pure function: what a claim writes)",
};

/**
 * Functions of the end customer's portal: a PortalCtx exists only for the signed-in user
 * (portalCtxFor) and every query is scoped to that user's own customer, which is the rule.
 */
const PORTAL_OWN_RECORD = [
  "lib/portal/ensure-portal-customer.ts#ensurePortalCustomer",
  "lib/portal/get-portal-account.ts#getPortalAccount",
  "lib/portal/get-portal-account.ts#visitPortal",
  "lib/portal/portal-billing.ts#startPortalBilling",
  // Hand off to startCardPayment / updateCustomerPlanBilling, which check the plan is this user's.
  "lib/portal/portal-plan-billing.ts#payPortalPlan",
  "lib/portal/portal-plan-billing.ts#setPortalPlanCancel",
  // Read the user's own customer; the switch must be one offered to it, then previewUpdate / updateCustomerPlanBilling check again.
  "lib/portal/portal-plan-change.ts#listPortalPlanSwitches",
  "lib/portal/portal-plan-change.ts#previewPortalPlanChange",
  "lib/portal/portal-plan-change.ts#changePortalPlan",
];

/** Not domain operations: the authorization itself, predicates that read no data, and SQL builders that run nothing. */
const NOT_OPERATIONS = ["lib/customers/insert-customer.ts#insertCustomerStatement", "lib/audit/record-audit-event.ts#auditEventInsert", "lib/auth/permissions.ts#authorize", "lib/auth/permissions.ts#can", "lib/customers/insert-customer.ts#defaultOwnerId", "lib/billing/billing-customer.ts#ownsCustomer", "lib/portal/portal-billing.ts#portalBillingAvailable", "lib/plans/customer-plan-lifecycle.ts#newCustomerPlanData", "lib/plans/customer-plan-lifecycle.ts#newGrantsData"];

const LISTED = new Set([...Object.keys(HANDS_OFF), ...Object.keys(AUTHORIZED_BY_CALLER), ...PORTAL_OWN_RECORD, ...NOT_OPERATIONS]);

describe("every domain function that takes a context is accounted for", () => {
  const functions = contextFunctions();
  const byName = new Map<string, ContextFunction[]>();
  for (const fn of functions) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn]);

  it("finds them by their context parameter, whether or not they authorize", () => {
    expect(functions.length).toBeGreaterThan(60);
    const ids = functions.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["lib/plans/create-plan.ts#createPlan", "lib/customers/get-or-create-customer.ts#getOrCreateCustomer", "lib/portal/get-portal-account.ts#visitPortal"]));
  });

  it("each one authorizes, or is listed with what stands in for it", () => {
    const unaccounted = functions.filter((fn) => !fn.authorizes && !LISTED.has(fn.id)).map((fn) => fn.id);
    expect(unaccounted, "call authorize(ctx, …) first thing, or list the function in tests/authz/domain-function-inventory.test.ts").toEqual([]);
  });

  it("a hand-off calls a domain function that authorizes", () => {
    const broken: string[] = [];
    for (const [id, delegate] of Object.entries(HANDS_OFF)) {
      const fn = functions.find((f) => f.id === id);
      if (!fn) continue; // reported below
      const targets = byName.get(delegate) ?? [];
      if (!fn.calls.includes(delegate)) broken.push(`${id} does not call ${delegate}`);
      else if (!targets.some((target) => target.authorizes)) broken.push(`${id} hands off to ${delegate}, which does not authorize`);
    }
    expect(broken).toEqual([]);
  });

  it("lists no function that is gone or that authorizes by itself now", () => {
    const ids = new Set(functions.map((f) => f.id));
    const stale = [...LISTED].filter((id) => !ids.has(id) || functions.find((f) => f.id === id)!.authorizes);
    expect(stale, "remove these from the lists in tests/authz/domain-function-inventory.test.ts").toEqual([]);
  });
});
