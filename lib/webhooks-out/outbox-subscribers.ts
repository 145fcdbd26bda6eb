// The domain events outbound webhooks react to, registered with the outbox at the composition
// point (lib/composition/wire-areas.ts): public events fan out into one delivery per endpoint,
// a claim and a merge become customer.claimed and customer.updated, and each delivery job makes
// one attempt (its retries are its own: deliver.ts).
import "server-only";
import type { OutboxJob, OutboxJobHandler } from "@/lib/outbox/job-handlers";
import { CUSTOMER_CLAIMED_SUBSCRIBERS, CUSTOMER_MERGED_SUBSCRIBERS, type CustomerClaimed, type CustomerMerged } from "@/lib/outbox/domain-events";
import { PUBLIC_EVENT_PUBLISHED, publicCustomer, type PublicEvent } from "@/lib/outbox/public-events";
import { db } from "@/lib/db";
import { attemptDelivery, DELIVER_WEBHOOK, endpointListening, fanOutEvent, subscribedEndpoints, type DeliverWebhook, type SubscribedEndpoint } from "./deliver";
import type { Env } from "@/lib/generated/prisma";

/** A job's event id: the same every time the job runs, so a second run fans out nothing new. */
const eventIdOf = (job: OutboxJob) => `msg_${job.id.replace(/^job_/, "")}`;

async function fanOutClaim(job: OutboxJob, subscribed?: SubscribedEndpoint[]): Promise<void> {
  const claim = job.payload as CustomerClaimed;
  const endpoints = subscribed ?? (await subscribedEndpoints(job.env, "customer.claimed"));
  if (endpoints.length === 0) return;
  const customer = await db().customer.findFirst({ where: { id: claim.customerId, env: job.env } });
  if (!customer) return;
  await fanOutEvent(job.env, {
    id: eventIdOf(job),
    type: "customer.claimed",
    timestamp: claim.claimedAt,
    data: { customer: publicCustomer(customer), matched_by: claim.matchedBy, ...(claim.previousEmail ? { previous_email: claim.previousEmail } : {}) },
  }, endpoints);
}

async function fanOutMerge(job: OutboxJob): Promise<void> {
  const merge = job.payload as CustomerMerged;
  const endpoints = await subscribedEndpoints(job.env, "customer.updated");
  if (endpoints.length === 0) return;
  const survivor = await db().customer.findFirst({ where: { id: merge.survivorId, env: job.env } });
  if (!survivor) return;
  await fanOutEvent(job.env, {
    id: eventIdOf(job),
    type: "customer.updated",
    timestamp: merge.mergedAt,
    data: { customer: publicCustomer(survivor), changed_fields: ["merged"], merged_customer: { id: merge.mergedExternalId, internal_id: merge.mergedId } },
  }, endpoints);
}

export const webhookOutboxSubscribers: Record<string, OutboxJobHandler> = {
  [PUBLIC_EVENT_PUBLISHED]: { run: async (job) => void (await fanOutEvent(job.env, job.payload as PublicEvent)) },
  [CUSTOMER_CLAIMED_SUBSCRIBERS.webhooks]: {
    // No endpoint listening, no job (as for public events): an endpoint gets the claims made after it was saved.
    wanted: (job) => endpointListening(job.env, "customer.claimed"),
    run: (job) => fanOutClaim(job),
    // A pass's claims read the endpoints once per environment (most often there are none), not once per claim.
    async prepare(jobs) {
      const byEnv = new Map<Env, SubscribedEndpoint[]>();
      for (const env of new Set(jobs.map((job) => job.env))) byEnv.set(env, await subscribedEndpoints(env, "customer.claimed"));
      return (job) => fanOutClaim(job, byEnv.get(job.env));
    },
  },
  [CUSTOMER_MERGED_SUBSCRIBERS.webhooks!]: { run: fanOutMerge },
  [DELIVER_WEBHOOK]: { run: (job) => attemptDelivery((job.payload as DeliverWebhook).deliveryId) },
};
