// /v1 get-or-create's creation of a new customer as ONE statement (one round trip, its own
// commit) instead of an interactive transaction: the row (insertCustomerStatement, the very
// INSERT insertCustomer runs) and its audit event (customerCreatedAudit, the same content), in a
// data-modifying CTE. It applies only when the creation is nothing more than that:
//   - the customer has an id (a pending customer's creation stays on the transaction);
//   - no Stripe link (that emits a domain event, which the outbox writes through the transaction);
//   - no pending customer has the email (that is a claim: the statement answers that customer,
//     and get-or-create claims it with claimInOneStatement);
//   - the environment has no default plan (enabling one is the plans area's, in a transaction);
//   - no webhook endpoint of the environment wants customer.created (the event goes through the outbox, in the transaction).
// Otherwise it creates nothing and the caller runs the transaction, as it does when a
// concurrent call created the id first (ON CONFLICT DO NOTHING: no row, and the transaction then
// finds the winner). The conditions are part of the INSERT itself (INSERT ... SELECT ... WHERE),
// read in the very snapshot the row is written from: a pending customer committed before the
// statement began is always seen and claimed, never duplicated by a customer with the id.
//
// With an Idempotency-Key the statement runs on the request's transaction, so the answer
// commits with it (lib/request-transaction.ts).
import "server-only";
import { Prisma, type Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { newId } from "@/lib/ids";
import { preparedName } from "@/lib/db-rows";
import { auditEventInsert } from "@/lib/audit/record-audit-event";
import type { NormalizedEmail } from "@/lib/email/normalize-email";
import { runWriteStatement } from "@/lib/request-transaction";
import { customerCreatedAudit, insertCustomerStatement, withoutNullValues, type NewCustomer } from "./insert-customer";
import type { PendingCustomer } from "./claim-customer";

export type OneStatementCreation = {
  /** The new customer, when the statement created it. */
  created?: Customer;
  /** The pending customer of the email, when there is one (nothing was created: claim it). */
  pending?: PendingCustomer;
};

/** Creates the customer in one statement, or answers the email's pending customer, or neither (see above). */
export async function createUnlessPending(ctx: Ctx, data: NewCustomer & { externalId: string }, emailNormalized: NormalizedEmail | null): Promise<OneStatementCreation> {
  if (data.stripeId) return {};
  const id = newId("cus");
  // The row as it will be stored (the audit event is written by the same statement, before the row can be read back).
  const audit = customerCreatedAudit({
    id,
    externalId: data.externalId,
    name: data.name ?? null,
    email: data.email ?? null,
    fingerprint: data.fingerprint ?? null,
    stripeId: null,
    metadata: withoutNullValues(data.metadata) as Prisma.JsonObject,
    sendEmailReceipts: data.sendEmailReceipts ?? false,
  });
  const onlyIf = Prisma.sql`not exists (select 1 from pending)
      and not exists (select 1 from plans p where p.env = ${ctx.env}::"Env" and p.is_default and p.archived_at is null)
      and not exists (select 1 from webhook_endpoints w where w.env = ${ctx.env}::"Env" and w.enabled and 'customer.created' = any(w.event_types))`;
  const statement = Prisma.sql`
    with pending as (
           select c.id, c.external_id as "externalId", c.name, c.email, c.email_normalized as "emailNormalized", c.stripe_id as "stripeId", c.owner_id as "ownerId"
             from customers c where c.env = ${ctx.env}::"Env" and c.external_id is null and c.email_normalized = ${emailNormalized}::text),
         created as (${insertCustomerStatement(ctx, data, id, onlyIf)}),
         audit as (${auditEventInsert(ctx, audit, "created")})
    select created.*, (select to_jsonb(p) from pending p) as "pendingCustomer" from (select 1) as one left join created on true`;
  // Prepared like the reads: its text is the same for every call.
  const { rows } = await runWriteStatement((client) =>
    client.query<Customer & { pendingCustomer: PendingCustomer | null }>({ name: preparedName(statement.text), text: statement.text, values: statement.values as unknown[] }),
  );
  const { pendingCustomer, ...row } = rows[0]!;
  if (row.id !== null) return { created: row };
  return pendingCustomer ? { pending: pendingCustomer } : {};
}

/** The new customer, or undefined when the transaction must do it (see above). */
export async function createCustomerInOneStatement(ctx: Ctx, data: NewCustomer & { externalId: string }, emailNormalized: NormalizedEmail | null): Promise<Customer | undefined> {
  return (await createUnlessPending(ctx, data, emailNormalized)).created;
}
