import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { deleteFeatureSchema } from "./schemas";
import { featureNotFound, featureSnapshot } from "./feature-view";
import { featureInUse, featureUsage } from "./feature-usage";

/**
 * Deletes a feature that nothing uses. One on a plan (any version), with balances or with usage
 * is refused with 409 feature_in_use: history refers to it, so it can only be archived.
 */
export async function deleteFeature(ctx: Ctx, input: z.input<typeof deleteFeatureSchema>): Promise<{ success: true }> {
  authorize(ctx, "catalog:write");
  const { featureId } = deleteFeatureSchema.parse(input);
  await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`select id from features where env = ${ctx.env}::"Env" and feature_id = ${featureId} for update`;
    const feature = rows[0] ? await tx.feature.findUniqueOrThrow({ where: { id: rows[0].id } }) : null;
    if (!feature) throw featureNotFound(featureId);
    const usage = await featureUsage(tx, feature.id);
    if (usage.inUse) throw featureInUse(featureId, usage, "it cannot be deleted");
    await tx.feature.delete({ where: { id: feature.id } });
    await recordAuditEvent(tx, ctx, {
      action: "feature.deleted",
      targetType: "feature",
      targetId: feature.id,
      target: { featureId: feature.featureId, name: feature.name },
      before: featureSnapshot(feature),
    });
  });
  return { success: true };
}
