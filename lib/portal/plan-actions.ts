"use server";
// The portal's plan buttons (Pay now, Cancel plan, Keep plan). Whatever a request carries, the
// customer is the one tied to the session's user; the plan id is checked against that customer.
import { revalidatePath } from "next/cache";
import { getSessionUser } from "@/lib/auth/session";
import { portalCtxFor, type PortalCtx } from "@/lib/portal/portal-ctx";
import { payPortalPlan, setPortalPlanCancel, type PortalPlanResult } from "@/lib/portal/portal-plan-billing";

async function asCustomer(run: (ctx: PortalCtx) => Promise<PortalPlanResult>): Promise<PortalPlanResult> {
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
