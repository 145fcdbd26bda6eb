import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { isUniqueViolation } from "@/lib/db-unique-violation";
import { createFeatureSchema, type CreateFeatureInput } from "./schemas";
import { featureSnapshot, toFeatureView, type FeatureView } from "./feature-view";

export async function createFeature(ctx: Ctx, input: CreateFeatureInput): Promise<FeatureView> {
  authorize(ctx, "catalog:write");
  const data = createFeatureSchema.parse(input);
  try {
    const feature = await db().$transaction(async (tx) => {
      const row = await tx.feature.create({
        data: { id: newId("fea"), env: ctx.env, featureId: data.featureId, name: data.name, type: data.type, eventNames: data.eventNames },
      });
      await recordAuditEvent(tx, ctx, {
        action: "feature.created",
        targetType: "feature",
        targetId: row.id,
        target: { featureId: row.featureId, name: row.name },
        after: featureSnapshot(row),
      });
      return row;
    });
    return toFeatureView(feature);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", `A feature with id ${data.featureId} already exists`, { field: "featureId" });
    }
    throw error;
  }
}
