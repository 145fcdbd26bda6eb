import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { stripeFor } from "../stripe-client";
import { isStripeResourceMissing, toStripeDomainError } from "../stripe-errors";
import { idOf } from "./subscription-fields";

/** The subscription an invoice bills (since API version 2025-03-31 it is under `parent`). */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  return idOf(invoice.parent?.subscription_details?.subscription);
}

/** The invoice's status as Stripe has it now (the event's copy when Stripe no longer has it). */
export async function latestInvoiceStatus(env: Env, invoice: Stripe.Invoice): Promise<Stripe.Invoice.Status | null> {
  if (!invoice.id) return invoice.status;
  try {
    return (await stripeFor(env).invoices.retrieve(invoice.id)).status;
  } catch (error) {
    if (isStripeResourceMissing(error)) return invoice.status;
    throw toStripeDomainError(error, env, `read invoice ${invoice.id}`);
  }
}
