// Resolving the ids an events query names (features, entities) to the rows' internal ids.
import "server-only";
import type { Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { featureNotFound } from "@/lib/features/feature-view";
import type { UsageFeature } from "./aggregate-usage";

/** The named features, in the order given; an unknown id is 404 feature_not_found. */
export async function resolveFeatures(ctx: Ctx, featureIds: string[]): Promise<UsageFeature[]> {
  const { rows } = await pool().query<{ pk: string; feature_id: string }>(`select id as pk, feature_id from features where env = $1::"Env" and feature_id = any($2::text[])`, [
    ctx.env,
    featureIds,
  ]);
  const byId = new Map(rows.map((row) => [row.feature_id, row.pk]));
  return featureIds.map((featureId) => {
    const pk = byId.get(featureId);
    if (!pk) throw featureNotFound(featureId);
    return { pk, featureId };
  });
}

/** A customer's entity by the application's id: every row that had it (a deleted seat's id can be reused). */
export async function resolveEntityPks(customerPk: string, entityId: string): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>(`select id from entities where customer_id = $1 and external_id = $2`, [customerPk, entityId]);
  return rows.map((row) => row.id);
}
