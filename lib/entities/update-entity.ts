import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { updateEntityInput, type UpdateEntityInput } from "./schemas";
import { billingControlsNotSupported, entityNotFound } from "./entity-errors";
import { findLiveEntity } from "./entity-rows";
import { shapeEntity } from "./shape-entities";
import type { ApiEntity } from "./entity-object";

/**
 * Updates an entity. autumn-js sends billing_controls (spend and usage limits), which Equinox does
 * not enforce yet: refused with 501 not_supported rather than stored and ignored. `name` renames
 * (an Equinox extension the REST caller can use).
 */
export async function updateEntity(ctx: Ctx, input: UpdateEntityInput, options: { now?: Date } = {}): Promise<ApiEntity> {
  authorize(ctx, "customers:write");
  const data = updateEntityInput.parse(input);
  if (data.billing_controls && Object.keys(data.billing_controls).length > 0) throw billingControlsNotSupported();
  const row = await findLiveEntity(db(), ctx.env, { customerRef: data.customer_id, entityId: data.entity_id });
  if (data.name !== undefined && data.name !== row.name) {
    const name = data.name;
    await db().$transaction(async (tx) => {
      const { count } = await tx.entity.updateMany({ where: { id: row.id, deletedAt: null }, data: { name } });
      if (count === 0) throw entityNotFound(data.entity_id);
      await recordAuditEvent(tx, ctx, {
        action: "entity.updated",
        targetType: "entity",
        targetId: row.id,
        customerId: row.customerId,
        target: { entityId: row.externalId, featureId: row.featureId },
        before: { name: row.name },
        after: { name },
      });
    });
    row.name = name;
  }
  return shapeEntity(ctx.env, row, options.now);
}
