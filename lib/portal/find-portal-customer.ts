// The customer tied to a portal user: the one whose id is the user's id, or the one linked to the
// user (an application claimed it first through the API, then the person signed in here).
import "server-only";
import type { Customer, Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { CUSTOMER_COLUMNS } from "@/lib/customers/customer-row";

/** Both are unique per environment; should two rows match, the one with the user's id wins. */
const preferOwnId = (rows: Customer[], userId: string) => rows.find((row) => row.externalId === userId) ?? rows[0] ?? null;

export async function findPortalCustomer(client: Db | Tx, env: Env, userId: string): Promise<Customer | null> {
  const rows = await client.customer.findMany({ where: { env, OR: [{ externalId: userId }, { linkedUserId: userId }] }, take: 2 });
  return preferOwnId(rows, userId);
}

/** As findPortalCustomer, locking the row until the transaction ends. */
export async function lockPortalCustomer(tx: Tx, env: Env, userId: string): Promise<Customer | null> {
  const rows = await tx.$queryRaw<Customer[]>`
    select ${CUSTOMER_COLUMNS} from customers c
     where c.env = ${env}::"Env" and (c.external_id = ${userId} or c.linked_user_id = ${userId})
     for update`;
  return preferOwnId(rows, userId);
}
