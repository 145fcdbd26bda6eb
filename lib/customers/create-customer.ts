// The dashboard's "Create customer" form. Unlike get-or-create it never claims or fills anything
// in: staff create exactly what they typed, and are told when it exists already.
//   - blank id: a pending customer (matched by email when the person signs up); email required;
//     a second pending customer with the same email is refused (pending_email_taken, with the
//     first one's internal id in details.customerId so the form can link to it);
//   - an id that exists: { status: "exists" } with that customer, so the UI can open it.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { createCustomerInput, type CreateCustomerInput } from "./schemas";
import { insertCustomer } from "./insert-customer";
import { customerTransaction } from "./customer-transaction";
import { CUSTOMER_INDEXES } from "./db-conflicts";
import { pendingEmailTaken } from "./errors";
import { findCustomerByExternalId, findPendingCustomerByEmail } from "./customer-queries";
import { emitLinkedCustomerChanged } from "@/lib/outbox/domain-events";
import { stripeLinks } from "./stripe-link-port";

export type { CreateCustomerInput } from "./schemas";

export type CreateCustomerResult = { status: "created" | "exists"; customer: Customer };

export async function createCustomer(ctx: Ctx, input: CreateCustomerInput): Promise<CreateCustomerResult> {
  authorize(ctx, "customers:write");
  const data = createCustomerInput.parse(input);
  const externalId = data.id ?? null;
  const email = normalizeEmail(data.email);
  // Linking an existing Stripe customer: Stripe must have it (400 otherwise).
  if (data.stripe_id) await stripeLinks().verifyStripeCustomer(ctx.env, data.stripe_id);
  const result = await customerTransaction(
    async (tx) => {
      if (externalId === null) {
        const first = await findPendingCustomerByEmail(tx, ctx.env, email);
        if (first) throw pendingEmailTaken(first.id);
      }
      const created = await insertCustomer(tx, ctx, { externalId, name: data.name, email: data.email, metadata: data.metadata, stripeId: data.stripe_id });
      if (created) {
        // The linked Stripe customer gets the autumn_id metadata (billing reacts to the event).
        await emitLinkedCustomerChanged(tx, ctx.env, created);
        return { status: "created" as const, customer: created };
      }
      if (externalId === null) {
        // Created concurrently between the check and the insert: name the winner all the same.
        const winner = await findPendingCustomerByEmail(tx, ctx.env, email);
        throw pendingEmailTaken(winner?.id);
      }
      const existing = await findCustomerByExternalId(tx, ctx.env, externalId);
      if (!existing) throw new Error("createCustomer: the insert conflicted but no customer was found");
      return { status: "exists" as const, customer: existing };
    },
    (index) => (index === CUSTOMER_INDEXES.pendingEmail ? pendingEmailTaken() : "retry"),
  );
  // The "Create in Stripe" checkbox: the Stripe customer is made now, after the commit.
  if (result.status === "created" && data.create_in_stripe && !result.customer.stripeId) {
    return { ...result, customer: await stripeLinks().createInStripe(ctx, result.customer.id) };
  }
  return result;
}
