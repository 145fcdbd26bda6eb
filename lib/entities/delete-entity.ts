import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { customerTransaction } from "@/lib/customers/customer-transaction";
import { lockCustomerForGrantChange } from "@/lib/customers/customer-queries";
import { deleteEntityInput, type DeleteEntityInput } from "./schemas";
import { entityNotFound } from "./entity-errors";
import { findLiveEntity } from "./entity-rows";
import { giveSeatBack } from "./entity-seats";

/**
 * Deletes an entity: its seat goes back to the customer's balance and its per-entity usage stops
 * counting. The row stays, marked deleted, so the usage events recorded for it keep their entity;
 * its id is free again for a new entity.
 */
export async function deleteEntity(ctx: Ctx, input: DeleteEntityInput, options: { now?: Date } = {}): Promise<{ success: true }> {
  authorize(ctx, "customers:write");
  const data = deleteEntityInput.parse(input);
  const row = await findLiveEntity(db(), ctx.env, { customerRef: data.customer_id, entityId: data.entity_id });
  const now = options.now ?? new Date();
  await customerTransaction(async (tx) => {
    await lockCustomerForGrantChange(tx, ctx.env, row.customerId);
    // Marked under the customer's lock: of two concurrent deletions only one gives the seat back.
    const { count } = await tx.entity.updateMany({ where: { id: row.id, deletedAt: null }, data: { deletedAt: now } });
    if (count === 0) throw entityNotFound(data.entity_id);
    await tx.entityBalance.deleteMany({ where: { entityId: row.id } });
    await giveSeatBack(tx, { customerPk: row.customerId, featurePk: row.featurePk });
    await recordAuditEvent(tx, ctx, {
      action: "entity.deleted",
      targetType: "entity",
      targetId: row.id,
      customerId: row.customerId,
      target: { entityId: row.externalId, featureId: row.featureId },
      before: { entityId: row.externalId, name: row.name, featureId: row.featureId },
    });
  });
  return { success: true };
}
