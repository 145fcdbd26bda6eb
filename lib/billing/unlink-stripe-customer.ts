// Removing the link to a Stripe customer that no longer exists (deleted in Stripe). Audited; the
// next billing operation that needs a Stripe customer makes a fresh one.
import "server-only";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { customerSnapshot } from "@/lib/customers/customer-snapshot";
import { findCustomerByStripeId, setCustomerStripeId } from "@/lib/customers/customer-queries";
import { STRIPE_AUDIT } from "./audit-actions";

export async function unlinkStripeCustomer(tx: Tx, ctx: Ctx, stripeId: string, reason: string): Promise<void> {
  const customer = await findCustomerByStripeId(tx, ctx.env, stripeId);
  if (!customer) return;
  const updated = await setCustomerStripeId(tx, customer.id, null);
  await recordAuditEvent(tx, ctx, {
    action: STRIPE_AUDIT.customerUnlinked,
    targetType: "customer",
    targetId: customer.id,
    customerId: customer.id,
    target: { ...customerSnapshot(updated), reason },
    before: { stripe_id: stripeId },
    after: { stripe_id: null },
  });
}
