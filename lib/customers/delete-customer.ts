import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { deleteCustomerInput, type DeleteCustomerInput } from "./schemas";
import { lockExistingCustomerByRef } from "./customer-queries";
import { customerSnapshot } from "./customer-snapshot";
import { customerTransaction } from "./customer-transaction";
import { emitLinkedCustomerDeleted } from "@/lib/outbox/domain-events";

/**
 * Deletes the customer and everything it owns (plans, grants, usage: the foreign keys cascade).
 * The audit event keeps a snapshot, since the row itself is gone. Deleting the Stripe customer
 * (`delete_in_stripe`) is queued in the same transaction (outbox) and done right after; Stripe
 * ends the customer's subscriptions with it.
 */
export async function deleteCustomer(ctx: Ctx, input: DeleteCustomerInput): Promise<{ success: true }> {
  authorize(ctx, "customers:write");
  const { customer_id, delete_in_stripe } = deleteCustomerInput.parse(input);
  await customerTransaction(async (tx) => {
    const customer = await lockExistingCustomerByRef(tx, ctx.env, customer_id);
    const plans = await tx.customerPlan.findMany({
      where: { customerId: customer.id },
      select: { status: true, plan: { select: { planId: true } } },
    });
    await tx.customer.delete({ where: { id: customer.id } });
    // Also delete the Stripe customer: an event billing reacts to (outbox: done even if Stripe is down right now).
    if (delete_in_stripe) await emitLinkedCustomerDeleted(tx, ctx.env, customer);
    await recordAuditEvent(tx, ctx, {
      action: "customer.deleted",
      targetType: "customer",
      targetId: customer.id,
      customerId: customer.id,
      target: customerSnapshot(customer),
      before: {
        ...customerSnapshot(customer),
        fingerprint: customer.fingerprint,
        metadata: customer.metadata as object,
        send_email_receipts: customer.sendEmailReceipts,
        created_at: customer.createdAt.toISOString(),
        plans: plans.map((p) => ({ plan_id: p.plan.planId, status: p.status })),
      },
    });
  });
  return { success: true };
}
