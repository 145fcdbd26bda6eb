// What the audit log keeps of a customer. (Finding and locking customer rows: customer-queries.ts.)
import type { Customer } from "@/lib/generated/prisma";

/** A snapshot for the audit log: what the customer was, readable after it is gone. */
export function customerSnapshot(row: Pick<Customer, "id" | "externalId" | "name" | "email" | "stripeId">) {
  return {
    id: row.externalId,
    internal_id: row.id,
    name: row.name,
    email: row.email,
    stripe_id: row.stripeId,
    pending: row.externalId === null,
  };
}
