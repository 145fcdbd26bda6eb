import "server-only";
import { Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { db } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { getCustomer } from "@/lib/customers/get-customer";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { getCustomerInput, type GetCustomerInput } from "@/lib/customers/schemas";
import type { ApiCustomer } from "@/lib/customers/customer-object";
import { entitiesByPk } from "./entity-rows";
import { toApiCustomerEntity } from "./shape-entities";

/**
 * customers.get: the customer object, with its live entities (oldest first) when `expand` asks
 * for "entities". The entities area adds them, so the customers area does not depend on it.
 */
export async function getCustomerWithEntities(ctx: Ctx, input: GetCustomerInput): Promise<ApiCustomer> {
  const customer = await getCustomer(ctx, input);
  const { customer_id, expand } = getCustomerInput.parse(input);
  if (!expand?.includes("entities")) return customer;
  const row = await findCustomerByRef(db(), ctx.env, customer_id);
  if (!row) return { ...customer, entities: [] };
  const ids = await selectRows<{ id: string }>(db(), Prisma.sql`
    select id from entities where env = ${ctx.env}::"Env" and customer_id = ${row.id} and deleted_at is null order by id`);
  const entities = await entitiesByPk(db(), ctx.env, ids.map((entity) => entity.id));
  return { ...customer, entities: entities.map(toApiCustomerEntity) };
}
