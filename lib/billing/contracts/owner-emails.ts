// The outbox jobs that email a customer's owner about its billing (registered in
// lib/billing/outbox-subscribers.ts): retried by the outbox until the mail server takes them.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { sendMail } from "@/lib/auth/send-mail";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import type { RenewalReminderPayload, TrialEndingPayload } from "../lifecycle/billing-jobs";
import { renewalReminderEmail, trialEndingEmail } from "./contract-emails";

async function ownerAndPlan(env_: OutboxJob["env"], customerPlanId: string) {
  const cp = await db().customerPlan.findFirst({
    where: { id: customerPlanId, env: env_ },
    include: { plan: { select: { name: true } }, customer: { select: { id: true, name: true, email: true, externalId: true, owner: { select: { email: true, role: true } } } } },
  });
  // Only a staff member is emailed: an owner whose access was removed no longer follows customers up.
  const to = cp?.customer.owner?.role ? cp.customer.owner.email : null;
  if (!cp || !to) return null;
  const url = new URL(`/customers/${encodeURIComponent(cp.customer.id)}`, env().APP_URL).toString();
  const customerName = cp.customer.name || cp.customer.email || cp.customer.externalId || cp.customer.id;
  return { cp, to, url, customerName };
}

export async function renewalReminderJob(job: OutboxJob): Promise<void> {
  const payload = job.payload as RenewalReminderPayload;
  const found = await ownerAndPlan(job.env, payload.customerPlanId);
  if (!found) return;
  const { cp, to, url, customerName } = found;
  await sendMail({ to, ...renewalReminderEmail({ url, customerName, planName: cp.plan.name, endsAt: new Date(payload.endsAt), renews: cp.onContractEnd === "renew" }) });
}

export async function trialEndingJob(job: OutboxJob): Promise<void> {
  const payload = job.payload as TrialEndingPayload;
  const found = await ownerAndPlan(job.env, payload.customerPlanId);
  if (!found) return;
  const { cp, to, url, customerName } = found;
  await sendMail({ to, ...trialEndingEmail({ url, customerName, planName: cp.plan.name, trialEndsAt: new Date(payload.trialEndsAt) }) });
}
