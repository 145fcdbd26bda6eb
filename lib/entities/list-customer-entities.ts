import "server-only";
import { Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { z } from "zod";
import type { KnownCustomerArg } from "@/lib/customers/customer-queries";
import { listEntities } from "./list-entities";

/** What the customer page shows of its entities (names resolved, dates as ISO strings). */
export type CustomerEntitiesView = {
  entities: {
    id: string;
    name: string | null;
    featureId: string;
    featureName: string;
    createdAt: string;
    balances: { featureId: string; featureName: string; granted: number; usage: number; remaining: number; unlimited: boolean }[];
  }[];
  /** Live entities in all (the page shows the first `limit`). */
  total: number;
};

const input = z.object({ customerId: z.string().trim().min(1, "is required"), limit: z.number().int().min(1).max(200).default(50) });

/** The customer's live entities, oldest first, with their own balances, for the customer page (`known`: its customer, as the page read it). */
export async function listCustomerEntities(ctx: Ctx, raw: z.input<typeof input>, options: { known?: KnownCustomerArg } = {}): Promise<CustomerEntitiesView> {
  authorize(ctx, "customers:read");
  const { customerId, limit } = input.parse(raw);
  const [page, [count]] = await Promise.all([
    listEntities(ctx, { customer_id: customerId, limit }, { known: options.known }),
    selectRows<{ total: number }>(db(), Prisma.sql`
      select count(*)::int as total from entities where env = ${ctx.env}::"Env" and customer_id = ${customerId} and deleted_at is null`),
  ]);
  const featureIds = [...new Set(page.list.flatMap((entity) => [entity.feature_id!, ...Object.keys(entity.balances)]))];
  const features = featureIds.length
    ? await selectRows<{ feature_id: string; name: string }>(db(), Prisma.sql`
        select feature_id, name from features where env = ${ctx.env}::"Env" and feature_id = any(${featureIds}::text[])`)
    : [];
  const names = new Map(features.map((feature) => [feature.feature_id, feature.name]));
  return {
    total: count?.total ?? page.list.length,
    entities: page.list.map((entity) => ({
      id: entity.id,
      name: entity.name,
      featureId: entity.feature_id!,
      featureName: names.get(entity.feature_id!) ?? entity.feature_id!,
      createdAt: new Date(entity.created_at).toISOString(),
      balances: Object.values(entity.balances).map((balance) => ({
        featureId: balance.feature_id,
        featureName: names.get(balance.feature_id) ?? balance.feature_id,
        granted: balance.granted,
        usage: balance.usage,
        remaining: balance.remaining,
        unlimited: balance.unlimited,
      })),
    })),
  };
}
