import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { updateFeatureSchema, type UpdateFeatureInput } from "./schemas";
import { featureNotFound, featureSnapshot, toFeatureView, type FeatureView } from "./feature-view";

/** Renames a feature or changes its event names. Grants and usage are unaffected. */
export async function updateFeature(ctx: Ctx, input: UpdateFeatureInput): Promise<FeatureView> {
  authorize(ctx, "catalog:write");
  const data = updateFeatureSchema.parse(input);
  const feature = await db().$transaction(async (tx) => {
    const before = await tx.feature.findUnique({ where: { env_featureId: { env: ctx.env, featureId: data.featureId } } });
    if (!before) throw featureNotFound(data.featureId);
    const after = await tx.feature.update({
      where: { id: before.id },
      data: { ...(data.name !== undefined ? { name: data.name } : {}), ...(data.eventNames !== undefined ? { eventNames: data.eventNames } : {}) },
    });
    await recordAuditEvent(tx, ctx, {
      action: "feature.updated",
      targetType: "feature",
      targetId: after.id,
      target: { featureId: after.featureId, name: after.name },
      before: featureSnapshot(before),
      after: featureSnapshot(after),
    });
    return after;
  });
  return toFeatureView(feature);
}
