// Domain results → the JSON-safe views the customer page's client components take.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import { stripeCustomerUrl } from "@/lib/billing/stripe-links";
import type { CustomerPlanView } from "@/lib/plans/list-customer-plans";
import type { PlanBilling } from "@/lib/billing/views/plan-billing-summary";
import type { PlanView } from "@/lib/plans/plan-view";
import type { NextInvoicePreview } from "@/lib/billing/preview/preview-next-invoice";
import type { NextInvoiceView } from "./billing-card";
import type { CustomerDetailView, CustomerPlanRow, PlanChoice } from "./customer-detail-types";

export { CUSTOMER_ACTIVITY_PAGE_SIZE } from "@/lib/audit/customer-activity-page-size";

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toCustomerDetailView(customer: Customer, stripeEnabled: boolean): CustomerDetailView {
  const metadata = customer.metadata;
  return {
    internalId: customer.id,
    id: customer.externalId,
    pending: customer.externalId === null,
    name: customer.name,
    email: customer.email,
    env: customer.env,
    stripeId: customer.stripeId,
    stripeUrl: customer.stripeId ? stripeCustomerUrl(customer.env, customer.stripeId) : null,
    stripeEnabled,
    metadata: metadata && typeof metadata === "object" && !Array.isArray(metadata) ? (metadata as Record<string, unknown>) : {},
    createdAt: customer.createdAt.toISOString(),
    createdBy: { kind: customer.createdByKind, label: customer.createdByLabel },
    claimedAt: iso(customer.claimedAt),
    claimedBy: customer.claimedByKind ? { kind: customer.claimedByKind, label: customer.claimedByLabel } : null,
  };
}

export function toCustomerPlanRows(plans: CustomerPlanView[], billing: Record<string, PlanBilling> = {}): CustomerPlanRow[] {
  return plans.map((plan) => ({
    id: plan.id,
    planId: plan.planId,
    planName: plan.planName,
    version: plan.version,
    addOn: plan.isAddOn,
    status: plan.status,
    price: plan.price,
    planPrice: plan.planPrice,
    customPrice: plan.customPrice,
    overrides: plan.overrides,
    note: plan.note,
    startsAt: plan.startsAt.toISOString(),
    waitsForPayment: plan.waitsForPayment,
    endsAt: iso(plan.endsAt),
    canceledAt: iso(plan.canceledAt),
    enabledBy: plan.enabledBy,
    enabledAt: plan.createdAt.toISOString(),
    billing: billing[plan.id] ?? null,
  }));
}

export function toPlanChoices(plans: PlanView[]): PlanChoice[] {
  return plans
    .filter((plan) => !plan.archived)
    .map((plan) => ({
      id: plan.id,
      name: plan.name,
      addOn: plan.isAddOn,
      price: plan.price,
      items: plan.items.map((item) => ({
        featureId: item.featureId,
        featureName: item.featureName,
        featureType: item.featureType,
        included: item.included,
        unlimited: item.unlimited,
        resetInterval: item.resetInterval,
      })),
    }));
}

/** undefined (not computed) stays undefined: the card then shows no preview at all. */
export function toNextInvoiceView(preview: NextInvoicePreview | null | undefined): NextInvoiceView | null | undefined {
  if (!preview) return preview;
  return {
    date: preview.date.toISOString(),
    currency: preview.currency,
    total: preview.total,
    lines: preview.lines.flatMap((line) => [
      { description: line.description, amount: line.amount },
      ...(line.discount > 0 ? [{ description: "Discount", amount: -line.discount }] : []),
    ]),
  };
}
