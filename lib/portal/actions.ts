"use server";
// The portal's billing buttons. They take no arguments: whatever a request carries, the customer
// is the one tied to the session's user.
import { getSessionUser } from "@/lib/auth/session";
import { portalCtxFor } from "@/lib/portal/portal-ctx";
import { startPortalBilling, type PortalBillingAction, type PortalBillingResult } from "@/lib/portal/portal-billing";

async function runBilling(action: PortalBillingAction): Promise<PortalBillingResult> {
  const user = await getSessionUser();
  if (!user) return { ok: false, message: "Your session has ended. Sign in again." };
  const ctx = portalCtxFor(user);
  if (!ctx) return { ok: false, message: "Staff accounts have no customer billing." };
  return startPortalBilling(ctx, action);
}

export async function manageBillingAction(): Promise<PortalBillingResult> {
  return runBilling("manage_billing");
}

export async function addPaymentMethodAction(): Promise<PortalBillingResult> {
  return runBilling("add_payment_method");
}
