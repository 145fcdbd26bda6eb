import "server-only";
import type { Ctx } from "@/lib/context";
import type { Feature, FeatureType } from "@/lib/generated/prisma";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { recordFeatureChange } from "./record-feature-change";
import { isUniqueViolation } from "@/lib/db-unique-violation";
import { updateFeatureSchema, type UpdateFeatureInput } from "./schemas";
import { featureNotFound, toFeatureView, type FeatureView } from "./feature-view";
import { featureInUse, featureUsage } from "./feature-usage";

/**
 * Renames a feature, changes its event names, archives or restores it. Its type and id change
 * only while nothing uses it (409 feature_in_use otherwise): grants and usage depend on them.
 */
export async function updateFeature(ctx: Ctx, input: UpdateFeatureInput): Promise<FeatureView> {
  authorize(ctx, "catalog:write");
  const data = updateFeatureSchema.parse(input);
  try {
    const feature = await db().$transaction(async (tx) => {
      const before = await tx.feature.findUnique({ where: { env_featureId: { env: ctx.env, featureId: data.featureId } } });
      if (!before) throw featureNotFound(data.featureId);
      const type = nextType(before, data.type, data.consumable);
      const featureId = data.newFeatureId ?? before.featureId;
      if (type !== before.type || featureId !== before.featureId) {
        const usage = await featureUsage(tx, before.id);
        const what = type !== before.type ? "its type cannot change" : "its id cannot change";
        if (usage.inUse) throw featureInUse(before.featureId, usage, what);
      }
      const archivedAt = data.archived === undefined || data.archived === (before.archivedAt !== null) ? before.archivedAt : data.archived ? new Date() : null;
      const after = await tx.feature.update({
        where: { id: before.id },
        data: {
          featureId,
          type,
          archivedAt,
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.eventNames !== undefined ? { eventNames: data.eventNames } : {}),
        },
      });
      const archivedNow = before.archivedAt === null && after.archivedAt !== null;
      await recordFeatureChange(tx, ctx, archivedNow ? "feature.archived" : "feature.updated", before, after);
      return after;
    });
    return toFeatureView(feature);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", `A feature with id ${data.newFeatureId} already exists`, { field: "newFeatureId" });
    throw error;
  }
}

function nextType(before: Feature, type: FeatureType | "metered" | undefined, consumable: boolean | undefined): FeatureType {
  if (type === "boolean") return "boolean";
  if (type === undefined && consumable === undefined) return before.type;
  if (type === undefined && before.type === "boolean") return before.type;
  if (type === "single_use" || type === "continuous_use") return type;
  // Metered: `consumable` decides; without it a metered feature stays what it is, a boolean one becomes single-use.
  if (consumable !== undefined) return consumable ? "single_use" : "continuous_use";
  return before.type === "boolean" ? "single_use" : before.type;
}
