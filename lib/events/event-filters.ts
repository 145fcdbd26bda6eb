// Resolving the ids an events query names (customer, features, entities) to the rows' internal ids.
import "server-only";
import type { Ctx } from "@/lib/context";
import type { Env } from "@/lib/generated/prisma";
import { pool } from "@/lib/db";
import { customerPkByRefSql } from "@/lib/customers/customer-ref-sql";
import { featureNotFound } from "@/lib/features/feature-view";

/** A feature of a usage query: its row key and its id. */
export type UsageFeature = { pk: string; featureId: string };

export type FeatureRow = { pk: string; feature_id: string };

/** The named features, in the order given; an unknown id is 404 feature_not_found. */
export async function resolveFeatures(ctx: Ctx, featureIds: string[]): Promise<UsageFeature[]> {
  const { rows } = await pool().query<FeatureRow>({
    name: "equinox_events_features",
    text: `select id as pk, feature_id from features where env = $1::"Env" and feature_id = any($2::text[])`,
    values: [ctx.env, featureIds],
  });
  return featuresInOrder(featureIds, rows);
}

/** The features of `featureIds` among those found, in the order given; an unknown id is 404 feature_not_found. */
export function featuresInOrder(featureIds: string[], rows: FeatureRow[]): UsageFeature[] {
  const byId = new Map(rows.map((row) => [row.feature_id, row.pk]));
  return featureIds.map((featureId) => {
    const pk = byId.get(featureId);
    if (!pk) throw featureNotFound(featureId);
    return { pk, featureId };
  });
}

/**
 * The customer a reference names (its internal id; null when there is none, or no reference) and
 * the named features, in one statement: events.aggregate's first round trip. The features'
 * feature_not_found is thrown here; the caller answers an unknown customer, which comes first.
 */
export async function resolveCustomerAndFeatures(
  env: Env,
  customerRef: string | null,
  featureIds: string[],
): Promise<{ customerPk: string | null; features: () => UsageFeature[] }> {
  const { rows } = await pool().query<{ customer_pk: string | null; features: FeatureRow[] | null }>({
    name: "equinox_events_customer_features",
    text: `select case when $2::text is null then null else ${customerPkByRefSql("$1", "$2")} end as customer_pk,
                  (select json_agg(json_build_object('pk', f.id, 'feature_id', f.feature_id)) from features f
                    where f.env = $1::"Env" and f.feature_id = any($3::text[])) as features`,
    values: [env, customerRef, featureIds],
  });
  const row = rows[0]!;
  return { customerPk: row.customer_pk, features: () => featuresInOrder(featureIds, row.features ?? []) };
}

/** A customer's entity by the application's id: every row that had it (a deleted seat's id can be reused). */
export async function resolveEntityPks(customerPk: string, entityId: string): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>({
    name: "equinox_events_entity_pks",
    text: `select id from entities where customer_id = $1 and external_id = $2`,
    values: [customerPk, entityId],
  });
  return rows.map((row) => row.id);
}
