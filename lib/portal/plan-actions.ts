"use server";
// The portal's plan buttons (Pay now, Cancel plan, Keep plan, Change plan). Whatever a request carries, the
// customer is the one tied to the session's user; the plan id is checked against that customer.
import { revalidatePath } from "next/cache";
import { getSessionUser } from "@/lib/auth/session";
import { portalCtxFor, type PortalCtx } from "@/lib/portal/portal-ctx";
import { payPortalPlan, setPortalPlanCancel, type PortalPlanResult } from "@/lib/portal/portal-plan-billing";
import { changePortalPlan, previewPortalPlanChange, type PortalPreviewResult } from "@/lib/portal/portal-plan-change";

async function asCustomer<R extends PortalPlanResult | PortalPreviewResult>(run: (ctx: PortalCtx) => Promise<R>): Promise<R | { ok: false; message: string }> {
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
  const ctx = portalCtxFor(user);
  if (!ctx) return { ok: false, message: "Staff accounts have no customer billing." };
  return run(ctx);
}

const planId = (input: unknown) => (typeof input === "string" ? input : "");

export async function payPlanAction(customerPlanId: string): Promise<PortalPlanResult> {
  return asCustomer((ctx) => payPortalPlan(ctx, planId(customerPlanId)));
}

export async function cancelPlanAction(customerPlanId: string): Promise<PortalPlanResult> {
  return asCustomer(async (ctx) => {
    const result = await setPortalPlanCancel(ctx, planId(customerPlanId), true);
    if (result.ok) revalidatePath("/portal");
    return result;
  });
}

export async function keepPlanAction(customerPlanId: string): Promise<PortalPlanResult> {
  return asCustomer(async (ctx) => {
    const result = await setPortalPlanCancel(ctx, planId(customerPlanId), false);
    if (result.ok) revalidatePath("/portal");
    return result;
  });
}

/** A change of plan as the dialog sends it: the customer plan and the plan of its group to switch to. */
export type PlanChangeInput = { customerPlanId: string; planId: string };

const changeOf = (input: unknown): PlanChangeInput => {
  const fields = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  return { customerPlanId: planId(fields.customerPlanId), planId: planId(fields.planId) };
};

/** The preview of switching the plan to another of its group: due today, the next cycle, when it takes effect. */
export async function previewPlanChangeAction(input: PlanChangeInput): Promise<PortalPreviewResult> {
  const change = changeOf(input);
  return asCustomer((ctx) => previewPortalPlanChange(ctx, change.customerPlanId, change.planId));
}

export async function changePlanAction(input: PlanChangeInput): Promise<PortalPlanResult> {
  const change = changeOf(input);
  return asCustomer(async (ctx) => {
    const result = await changePortalPlan(ctx, change.customerPlanId, change.planId);
    if (result.ok) revalidatePath("/portal");
    return result;
  });
}
