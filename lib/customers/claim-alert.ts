// The owner's alert when a pending customer is claimed: a subscriber of CUSTOMER_CLAIMED
// (registered in lib/composition/wire-areas.ts), so it runs after the claim committed, never
// slows or fails the claim, and is retried with backoff until the mail server takes it.
import "server-only";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/auth/send-mail";
import type { OutboxJob, OutboxJobHandler } from "@/lib/outbox/job-handlers";
import type { CustomerClaimed } from "@/lib/outbox/domain-events";
import { claimAlertEmail } from "./customer-emails";

export type ClaimAlertOutcome = "sent" | "no_owner" | "gone";

/** Emails the customer's owner as it is now (an owner changed since the claim gets it). */
export async function sendClaimAlert(event: CustomerClaimed): Promise<ClaimAlertOutcome> {
  // One prepared read (the worker runs this job for every claim: the ORM's query compiler cost more than the read).
  const { rows } = await pool().query<{ id: string; name: string | null; email: string | null; ownerEmail: string | null; ownerRole: string | null }>({
    name: "equinox_claim_alert_customer",
    text: `select c.id, c.name, c.email, u.email as "ownerEmail", u.role::text as "ownerRole"
             from customers c left join users u on u.id = c.owner_id
            where c.id = $1`,
    values: [event.customerId],
  });
  const customer = rows[0];
  if (!customer) return "gone";
  // Only a staff member is alerted: an owner whose access was removed no longer follows customers up.
  const to = customer.ownerRole ? customer.ownerEmail : null;
  if (!to) return "no_owner";
  const url = new URL(`/customers/${encodeURIComponent(customer.id)}`, env().APP_URL).toString();
  await sendMail({
    to,
    ...claimAlertEmail({
      url,
      customerName: customer.name || customer.email || event.externalId,
      externalId: event.externalId,
      email: event.email,
      previousEmail: event.previousEmail,
      matchedBy: event.matchedBy,
    }),
  });
  return "sent";
}

export const claimAlertSubscriber: OutboxJobHandler = {
  async run(job: OutboxJob) {
    await sendClaimAlert(job.payload as CustomerClaimed);
  },
};
