// Changes made to a Stripe customer in Stripe itself, reflected on the linked Equinox customer.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { customerSnapshot } from "@/lib/customers/customer-snapshot";
import { findCustomerByStripeId, findPendingCustomerByEmail, setCustomerNameAndEmail } from "@/lib/customers/customer-queries";
import { normalizeEmail, type NormalizedEmail } from "@/lib/email/normalize-email";
import { stripeFor } from "../stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "../stripe-errors";
import { linkedCustomerChangedKey } from "@/lib/outbox/domain-events";
import { STRIPE_AUDIT } from "../audit-actions";
import { unlinkStripeCustomer } from "../unlink-stripe-customer";

/** The Stripe customer as Stripe has it now; null when it is gone. */
export async function latestStripeCustomer(env: Env, id: string): Promise<Stripe.Customer | null> {
  try {
    const customer = await stripeFor(env).customers.retrieve(id);
    return customer.deleted ? null : customer;
  } catch (error) {
    if (isStripeResourceMissing(error)) return null;
    throw toStripeDomainError(error, env, `read Stripe customer ${id}`);
  }
}

/**
 * customer.updated: the name and email edited in Stripe come over (an empty value in Stripe
 * leaves Equinox's alone, as Equinox's empty values leave Stripe's alone). While an Equinox edit
 * is still queued for Stripe, Equinox's value is the newer one: the event is skipped, and the
 * queued sync brings Stripe in line.
 */
export async function syncCustomerFromStripe(tx: Tx, ctx: Ctx, latest: Stripe.Customer): Promise<void> {
  const customer = await findCustomerByStripeId(tx, ctx.env, latest.id);
  if (!customer) return;
  const queued = await tx.outboxJob.count({ where: { dedupeKey: linkedCustomerChangedKey(customer.id), status: "pending" } });
  if (queued > 0) return;

  const changes: { name?: string; email?: string; emailNormalized?: NormalizedEmail | null; billingEmail?: string } = {};
  if (latest.name && latest.name !== customer.name) changes.name = latest.name;
  // A customer with a billing email of its own (invoices.reissue update_customer_email): Stripe's
  // email is that one, and an edit in Stripe changes it, never the email sign-in matches.
  if (customer.billingEmail !== null) {
    if (latest.email && latest.email !== customer.billingEmail) changes.billingEmail = latest.email;
  } else if (latest.email && latest.email !== customer.email) {
    const normalized = normalizeEmail(latest.email);
    // A pending customer's email is unique among pending customers; keep ours on a clash.
    const clash =
      customer.externalId === null &&
      normalized !== customer.emailNormalized &&
      (await findPendingCustomerByEmail(tx, ctx.env, normalized, { except: customer.id })) !== undefined;
    if (!clash) {
      changes.email = latest.email;
      changes.emailNormalized = normalized;
    }
  }
  if (changes.name === undefined && changes.email === undefined && changes.billingEmail === undefined) return;

  const updated = await setCustomerNameAndEmail(tx, customer.id, changes);
  const before: Record<string, string | null> = {};
  const after: Record<string, string | null> = {};
  if (changes.name !== undefined) [before.name, after.name] = [customer.name, changes.name];
  if (changes.email !== undefined) [before.email, after.email] = [customer.email, changes.email];
  if (changes.billingEmail !== undefined) [before.billingEmail, after.billingEmail] = [customer.billingEmail, changes.billingEmail];
  await recordAuditEvent(tx, ctx, {
    action: STRIPE_AUDIT.customerSynced,
    targetType: "customer",
    targetId: customer.id,
    customerId: customer.id,
    target: { ...customerSnapshot(updated), via: "stripe" },
    before,
    after,
  });
}

/**
 * customer.deleted: the link is removed (and audited). The webhook never creates a Stripe
 * customer; the next billing operation that needs one creates a fresh one.
 */
export async function unlinkDeletedStripeCustomer(tx: Tx, ctx: Ctx, stripeId: string): Promise<void> {
  await unlinkStripeCustomer(tx, ctx, stripeId, "deleted in Stripe");
}
