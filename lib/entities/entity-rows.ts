// Reading entity rows: finding the live entity an (optional customer, entity id) pair names.
import "server-only";
import { Prisma, type Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { DomainError, customerNotFound } from "@/lib/errors";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { entityNotFound } from "./entity-errors";

/** An entity row with what its API object needs from the customer and the feature. */
export type EntityRow = {
  id: string;
  env: Env;
  customerId: string;
  externalId: string;
  name: string | null;
  featurePk: string;
  createdAt: Date;
  featureId: string;
  customerApiId: string;
};

const ENTITY_SELECT = Prisma.sql`
  select e.id, e.env::text as env, e.customer_id as "customerId", e.external_id as "externalId", e.name,
         e.feature_pk as "featurePk", e.created_at as "createdAt", f.feature_id as "featureId",
         coalesce(c.external_id, c.id) as "customerApiId"
    from entities e
    join customers c on c.id = e.customer_id
    join features f on f.id = e.feature_pk`;

export async function entitiesByPk(client: Db | Tx, env: Env, ids: string[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return selectRows<EntityRow>(client, Prisma.sql`${ENTITY_SELECT} where e.env = ${env}::"Env" and e.id = any(${ids}::text[]) order by e.id`);
}

/**
 * The live entity `entityId` names: among the customer's when `customerRef` is given (404
 * customer_not_found if there is no such customer), else among all customers of the environment
 * (an id two customers use is ambiguous: 400, pass customer_id).
 */
export async function findLiveEntity(client: Db | Tx, env: Env, ref: { customerRef?: string; entityId: string }): Promise<EntityRow> {
  let customerPk: string | null = null;
  if (ref.customerRef !== undefined) {
    const customer = await findCustomerByRef(client, env, ref.customerRef);
    if (!customer) throw customerNotFound(ref.customerRef);
    customerPk = customer.id;
  }
  const rows = await selectRows<EntityRow>(client, Prisma.sql`${ENTITY_SELECT}
     where e.env = ${env}::"Env" and e.external_id = ${ref.entityId} and e.deleted_at is null
       and (${customerPk}::text is null or e.customer_id = ${customerPk}::text)
     order by e.id
     limit 2`);
  if (rows.length === 0) throw entityNotFound(ref.entityId);
  if (rows.length > 1) {
    throw new DomainError("invalid_request", `Entity ${ref.entityId} exists for several customers: pass customer_id to say whose`, { field: "customer_id" });
  }
  return rows[0]!;
}
