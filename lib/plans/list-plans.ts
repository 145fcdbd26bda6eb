import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { listPlansSchema } from "./schemas";
import { currentVersionInclude, toPlanView, type PlanView } from "./plan-view";
import { planEligibility, type PlanEligibility } from "./plan-eligibility";
import { withEntityFeatureIds } from "./load-plan";

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
  const customer = customerId === undefined ? null : await findCustomerByRef(db(), ctx.env, customerId);
  const [plans, customerPlans] = await Promise.all([
    db().plan.findMany({
      where: { env: ctx.env, ...(includeArchived ? {} : { archivedAt: null }) },
      include: currentVersionInclude,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    customer ? db().customerPlan.findMany({ where: { env: ctx.env, customerId: customer.id }, include: { plan: true, planVersion: true } }) : [],
  ]);
  const now = new Date();
  const views = await withEntityFeatureIds(db(), ctx.env, plans.map(toPlanView));
  return views.map((plan) => (customerId !== undefined ? { ...plan, eligibility: planEligibility(plan, customerPlans, now) } : plan));
}
