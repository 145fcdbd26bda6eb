// Reading customer rows: addressing (external id first, then internal id) and row locks.
import "server-only";
import { Prisma, type Customer, type Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";

/** The columns of a customer row under Prisma's field names, for raw SQL that returns `Customer`s. */
export const CUSTOMER_COLUMNS = Prisma.raw(
  [
    `c.id`,
    `c.env`,
    `c.external_id as "externalId"`,
    `c.name`,
    `c.email`,
    `c.email_normalized as "emailNormalized"`,
    `c.fingerprint`,
    `c.stripe_id as "stripeId"`,
    `c.metadata`,
    `c.send_email_receipts as "sendEmailReceipts"`,
    `c.created_at as "createdAt"`,
    `c.updated_at as "updatedAt"`,
    `c.created_by_kind as "createdByKind"`,
    `c.created_by_id as "createdById"`,
    `c.created_by_label as "createdByLabel"`,
    `c.claimed_at as "claimedAt"`,
    `c.claimed_by_kind as "claimedByKind"`,
    `c.claimed_by_id as "claimedById"`,
    `c.claimed_by_label as "claimedByLabel"`,
    `c.linked_user_id as "linkedUserId"`,
  ].join(", "),
);

/**
 * The customer a reference names: the one with that external id, else the one with that internal
 * id (so a pending customer, which has no external id, can still be addressed).
 */
export async function findCustomer(client: Db | Tx, env: Env, ref: string): Promise<Customer | null> {
  return (
    (await client.customer.findUnique({ where: { env_externalId: { env, externalId: ref } } })) ??
    (await client.customer.findFirst({ where: { env, id: ref } }))
  );
}

/** As findCustomer, locking the row until the transaction ends (FOR UPDATE). */
export async function lockCustomer(tx: Tx, env: Env, ref: string): Promise<Customer | null> {
  const [byExternalId] = await tx.$queryRaw<Customer[]>`
    select ${CUSTOMER_COLUMNS} from customers c where c.env = ${env}::"Env" and c.external_id = ${ref} for update`;
  if (byExternalId) return byExternalId;
  const [byInternalId] = await tx.$queryRaw<Customer[]>`
    select ${CUSTOMER_COLUMNS} from customers c where c.env = ${env}::"Env" and c.id = ${ref} for update`;
  return byInternalId ?? null;
}

export async function lockExistingCustomer(tx: Tx, env: Env, ref: string): Promise<Customer> {
  const customer = await lockCustomer(tx, env, ref);
  if (!customer) throw customerNotFound(ref);
  return customer;
}

/** A snapshot for the audit log: what the customer was, readable after it is gone. */
export function customerSnapshot(row: Customer) {
  return {
    id: row.externalId,
    internal_id: row.id,
    name: row.name,
    email: row.email,
    stripe_id: row.stripeId,
    pending: row.externalId === null,
  };
}
