// The owner's alert when a pending customer is claimed: a subscriber of CUSTOMER_CLAIMED
// (registered in lib/composition/wire-areas.ts), so it runs after the claim committed, never
// slows or fails the claim, and is retried with backoff until the mail server takes it. Only a
// customer with an owner at the claim gets the job; the alert goes to the owner as it is when the
// job runs.
import "server-only";
import { pool } from "@/lib/db";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/auth/send-mail";
import type { OutboxJob, OutboxJobHandler } from "@/lib/outbox/job-handlers";
import type { CustomerClaimed } from "@/lib/outbox/domain-events";
import type { Env } from "@/lib/generated/prisma";
import { claimAlertEmail } from "./customer-emails";

export type ClaimAlertOutcome = "sent" | "no_owner" | "gone";

type AlertCustomer = { id: string; name: string | null; email: string | null; ownerEmail: string | null; ownerRole: string | null };

// The customers and their owners as they are now (an owner changed since the claim gets it).
const ALERT_CUSTOMERS = `select c.id, c.name, c.email, u.email as "ownerEmail", u.role::text as "ownerRole"
                           from customers c left join users u on u.id = c.owner_id
                          where c.env = $2::"Env" and c.id = any($1::text[])`;

/** One prepared read for any number of claims (the worker reads a pass's claims at once: claimAlertSubscriber.prepare). */
async function alertCustomers(environment: Env, customerIds: string[]): Promise<Map<string, AlertCustomer>> {
  const { rows } = await pool().query<AlertCustomer>({ name: "equinox_claim_alert_customers", text: ALERT_CUSTOMERS, values: [customerIds, environment] });
  return new Map(rows.map((row) => [row.id, row]));
}

/** Emails the customer's owner as it is now (an owner changed since the claim gets it). */
export async function sendClaimAlert(environment: Env, event: CustomerClaimed): Promise<ClaimAlertOutcome> {
  return sendClaimAlertTo(event, (await alertCustomers(environment, [event.customerId])).get(event.customerId));
}

async function sendClaimAlertTo(event: CustomerClaimed, customer: AlertCustomer | undefined): Promise<ClaimAlertOutcome> {
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
  // A customer nobody owns has nobody to alert: no job.
  wanted: (job) => (job.payload as CustomerClaimed).ownerId !== null,
  async run(job: OutboxJob) {
    await sendClaimAlert(job.env, job.payload as CustomerClaimed);
  },
  // A pass's claims are read in one statement, each alert then sent as it would be alone.
  async prepare(jobs: OutboxJob[]) {
    // A pass may hold both environments' jobs: one read each, every read scoped to its environment.
    const environments = [...new Set(jobs.map((job) => job.env))];
    const read = await Promise.all(
      environments.map(async (environment) => {
        const ids = jobs.filter((job) => job.env === environment).map((job) => (job.payload as CustomerClaimed).customerId);
        return [environment, await alertCustomers(environment, ids)] as const;
      }),
    );
    const customers = new Map(read);
    return async (job: OutboxJob) => {
      const event = job.payload as CustomerClaimed;
      await sendClaimAlertTo(event, customers.get(job.env)?.get(event.customerId));
    };
  },
};
