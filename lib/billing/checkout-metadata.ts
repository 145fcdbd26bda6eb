// The metadata Equinox puts on the Checkout Sessions and subscriptions it creates, so that the
// webhooks know which customer and plan a payment is for, whatever order they arrive in.
import type { Env } from "@/lib/generated/prisma";

export type CheckoutPurpose = "plan" | "setup_payment";

export type EquinoxCheckoutMetadata = {
  equinox_env: Env;
  equinox_customer_id: string;
  equinox_purpose: CheckoutPurpose;
  equinox_plan_id?: string;
  equinox_plan_version_id?: string;
};

export function checkoutMetadata(input: { env: Env; customerId: string; purpose: CheckoutPurpose; planId?: string; planVersionId?: string }): Record<string, string> {
  const metadata: EquinoxCheckoutMetadata = { equinox_env: input.env, equinox_customer_id: input.customerId, equinox_purpose: input.purpose };
  if (input.planId) metadata.equinox_plan_id = input.planId;
  if (input.planVersionId) metadata.equinox_plan_version_id = input.planVersionId;
  return metadata;
}

/** The plan a Checkout Session or subscription pays for, when Equinox created it. */
export function planFromMetadata(metadata: Record<string, string> | null | undefined, env: Env): { customerId: string; planId: string; planVersionId?: string } | null {
  if (!metadata || metadata.equinox_env !== env || metadata.equinox_purpose !== "plan") return null;
  const customerId = metadata.equinox_customer_id;
  const planId = metadata.equinox_plan_id;
  if (!customerId || !planId) return null;
  return { customerId, planId, ...(metadata.equinox_plan_version_id ? { planVersionId: metadata.equinox_plan_version_id } : {}) };
}
