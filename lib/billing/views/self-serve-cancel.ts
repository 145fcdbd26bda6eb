// Whether the customer may cancel plans themselves in the portal (customers.self_serve_cancel).
// Contract customers must not cancel alone: staff turn it off on the customer page. Audited as a
// customer edit, like a rename, so the customer's activity says who changed it, and announced like
// one: `customer.updated` to the environment's webhook endpoints (outbox, same transaction).
import "server-only";
import { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { customerSnapshot } from "@/lib/customers/customer-snapshot";
import { findCustomerById } from "@/lib/customers/customer-queries";
import { emitCustomerUpdated } from "@/lib/outbox/public-events";

export const selfServeCancelInput = z.object({
  /** The customer's internal id (`cus_…`). */
  customerId: z.string().trim().min(1, "is required"),
  enabled: z.boolean(),
});

export type SelfServeCancelInput = z.input<typeof selfServeCancelInput>;

export async function setSelfServeCancel(ctx: Ctx, input: SelfServeCancelInput): Promise<{ selfServeCancel: boolean; changed: boolean }> {
  authorize(ctx, "customers:write");
  const { customerId, enabled } = selfServeCancelInput.parse(input);
  return db().$transaction(async (tx) => {
    const customer = await findCustomerById(tx, ctx.env, customerId, { lock: true });
    if (!customer) throw customerNotFound(customerId);
    // Read through the ORM, under the lock just taken: the locking query's column list is the
    // customers area's, and a column it leaves out would read as undefined (and always "change").
    const { selfServeCancel: before } = await tx.customer.findUniqueOrThrow({ where: { id: customer.id }, select: { selfServeCancel: true } });
    if (before === enabled) return { selfServeCancel: enabled, changed: false };
    const updated = await tx.customer.update({ where: { id: customer.id }, data: { selfServeCancel: enabled } });
    await emitCustomerUpdated(tx, updated, ["self_serve_cancel"]);
    await recordAuditEvent(tx, ctx, {
      action: "customer.updated",
      targetType: "customer",
      targetId: customer.id,
      customerId: customer.id,
      target: customerSnapshot(updated),
      before: { self_serve_cancel: before },
      after: { self_serve_cancel: enabled },
    });
    return { selfServeCancel: enabled, changed: true };
  });
}
