import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { customerNotFound, invalidInputs } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { customerTransaction } from "@/lib/customers/customer-transaction";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { lockCustomerForGrantChange } from "@/lib/customers/customer-queries";
import { applyDueChangesInTx } from "@/lib/plans/apply-due-changes";
import { featureNotFound } from "@/lib/features/feature-view";
import { createEntityInput, type CreateEntityInput } from "./schemas";
import { billingControlsNotSupported, entityAlreadyExists } from "./entity-errors";
import { takeSeat } from "./entity-seats";
import { entitiesByPk } from "./entity-rows";
import { shapeEntity } from "./shape-entities";
import type { ApiEntity } from "./entity-object";

const LIVE_ID_INDEX = "entities_customer_id_external_id_live_key";

/**
 * Creates an entity (a seat, a workspace) under a customer and a continuous-use feature. It takes
 * one unit of the customer's balance of that feature, atomically: of concurrent creations, exactly
 * as many succeed as there are units left; past that, 400 feature_limit_reached (as Autumn).
 */
export async function createEntity(ctx: Ctx, input: CreateEntityInput, options: { now?: Date } = {}): Promise<ApiEntity> {
  authorize(ctx, "customers:write");
  const data = createEntityInput.parse(input);
  if (data.billing_controls && Object.keys(data.billing_controls).length > 0) throw billingControlsNotSupported();
  const now = options.now ?? new Date();

  const entityPk = await customerTransaction(
    async (tx) => {
      const customer = await findCustomerByRef(tx, ctx.env, data.customer_id);
      // Entity changes of one customer take turns (its row, FOR NO KEY UPDATE: usage inserts still pass).
      if (!customer || !(await lockCustomerForGrantChange(tx, ctx.env, customer.id))) throw customerNotFound(data.customer_id);
      const feature = await tx.feature.findUnique({ where: { env_featureId: { env: ctx.env, featureId: data.feature_id } } });
      if (!feature || feature.archivedAt) throw featureNotFound(data.feature_id);
      if (feature.type !== "continuous_use") {
        throw invalidInputs("feature_id", `${feature.featureId} is a ${feature.type.replace("_", "-")} feature: entities are created under a continuous-use feature (e.g. seats)`);
      }
      const existing = await tx.entity.findFirst({ where: { customerId: customer.id, externalId: data.entity_id, deletedAt: null }, select: { id: true } });
      if (existing) throw entityAlreadyExists(data.entity_id, data.customer_id);
      // The seat count must be decided on current grants (a plan that ended no longer grants seats).
      await applyDueChangesInTx(tx, ctx.env, [customer.id], now);
      await takeSeat(tx, { customerPk: customer.id, featurePk: feature.id, featureId: feature.featureId, entityId: data.entity_id });
      const id = newId("ent");
      await tx.entity.create({
        data: { id, env: ctx.env, customerId: customer.id, externalId: data.entity_id, name: data.name ?? null, featurePk: feature.id, createdAt: now },
      });
      await recordAuditEvent(tx, ctx, {
        action: "entity.created",
        targetType: "entity",
        targetId: id,
        customerId: customer.id,
        target: { entityId: data.entity_id, featureId: feature.featureId },
        after: { entityId: data.entity_id, name: data.name ?? null, featureId: feature.featureId },
      });
      return id;
    },
    (index) => (index === LIVE_ID_INDEX ? entityAlreadyExists(data.entity_id, data.customer_id) : "retry"),
  );
  const [row] = await entitiesByPk(db(), ctx.env, [entityPk]);
  return shapeEntity(ctx.env, row!, now);
}
