// /v1 get-or-create's creation of a new customer as ONE statement (one round trip, its own
// commit) instead of an interactive transaction: the row (insertCustomerStatement, the very
// INSERT insertCustomer runs) and its audit event (customerCreatedAudit, the same content), in a
// data-modifying CTE. It applies only when the creation is nothing more than that:
//   - the customer has an id (a pending customer's creation and claims stay on the transaction);
//   - no Stripe link (that emits a domain event, which the outbox writes through the transaction);
//   - no pending customer has the email (that would be a claim);
//   - the environment has no default plan (enabling one is the plans area's, in a transaction);
//   - no webhook endpoint of the environment wants customer.created (the event goes through the outbox, in the transaction).
// Otherwise it answers undefined and the caller runs the transaction, as it does when a
// concurrent call created the id first (ON CONFLICT DO NOTHING: no row, and the transaction then
// finds the winner). The pending and default-plan checks are read just before the write, as the
// transaction reads them just before its insert (READ COMMITTED either way).
//
// With an Idempotency-Key the statement runs on the request's transaction, so the answer
// commits with it (lib/request-transaction.ts).
import "server-only";
import { Prisma, type Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { pool } from "@/lib/db";
import { newId } from "@/lib/ids";
import { preparedName } from "@/lib/db-rows";
import { auditEventInsert } from "@/lib/audit/record-audit-event";
import type { NormalizedEmail } from "@/lib/email/normalize-email";
import { runWriteStatement } from "@/lib/request-transaction";
import { customerCreatedAudit, insertCustomerStatement, withoutNullValues, type NewCustomer } from "./insert-customer";

const CHECKS = `
  select exists (select 1 from plans p where p.env = $1::"Env" and p.is_default and p.archived_at is null) as "defaultPlans",
         $2::text is not null and exists (select 1 from customers c where c.env = $1::"Env" and c.external_id is null and c.email_normalized = $2) as "pendingEmail",
         exists (select 1 from webhook_endpoints w where w.env = $1::"Env" and w.enabled and 'customer.created' = any(w.event_types)) as "webhooks"`;

/** The new customer, or undefined when the transaction must do it (see above). */
export async function createCustomerInOneStatement(ctx: Ctx, data: NewCustomer & { externalId: string }, emailNormalized: NormalizedEmail | null): Promise<Customer | undefined> {
  if (data.stripeId) return undefined;
  const checks = await pool().query<{ defaultPlans: boolean; pendingEmail: boolean; webhooks: boolean }>({ name: preparedName(CHECKS), text: CHECKS, values: [ctx.env, emailNormalized] });
  const { defaultPlans, pendingEmail, webhooks } = checks.rows[0]!;
  if (defaultPlans || pendingEmail || webhooks) return undefined;

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
  const statement = Prisma.sql`
    with created as (${insertCustomerStatement(ctx, data, id)}),
         audit as (${auditEventInsert(ctx, audit, "created")})
    select * from created`;
  // Prepared like the reads: its text is the same for every call.
  const { rows } = await runWriteStatement((client) => client.query<Customer>({ name: preparedName(statement.text), text: statement.text, values: statement.values as unknown[] }));
  return rows[0];
}
