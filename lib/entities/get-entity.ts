import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { getEntityInput, type GetEntityInput } from "./schemas";
import { dueOfEntityRow, findLiveEntity } from "./entity-rows";
import { shapeEntity } from "./shape-entities";
import type { ApiEntity } from "./entity-object";

/** The entity object (with its own balances); 404 entity_not_found when there is no live entity of that id. */
export async function getEntity(ctx: Ctx, input: GetEntityInput, options: { now?: Date } = {}): Promise<ApiEntity> {
  authorize(ctx, "customers:read");
  const data = getEntityInput.parse(input);
  const row = await findLiveEntity(db(), ctx.env, { customerRef: data.customer_id, entityId: data.entity_id }, { grants: true });
  const now = options.now ?? new Date();
  // With customer_id, what is due for the customer and the entity's balances were read with the
  // entity: one statement, unless something was due (then applied and the balances read again).
  return shapeEntity(ctx.env, row, now, dueOfEntityRow(row, now), row.grantRows);
}
