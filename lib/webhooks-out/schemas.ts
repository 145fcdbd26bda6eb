// Inputs of outbound webhooks: one schema each, shared by the dashboard's form and its actions.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

/** The event types an endpoint can subscribe to (the same list as lib/outbox/public-events.ts, which is server-only). */
export const WEBHOOK_EVENT_TYPES = [
  "customer.created",
  "customer.claimed",
  "customer.updated",
  "customer.plan.enabled",
  "customer.plan.canceled",
  "balance.limit_reached",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_EVENT_LABEL: Record<WebhookEventType, string> = {
  "customer.created": "A customer was created (pending or with an id)",
  "customer.claimed": "A pending customer was claimed (sign-in, invitation or API)",
  "customer.updated": "A customer's id, name, email, metadata or other fields changed",
  "customer.plan.enabled": "A plan was enabled for a customer (now or scheduled)",
  "customer.plan.canceled": "A customer's plan was canceled",
  "balance.limit_reached": "A metered balance ran out (once per crossing)",
};

/** Only http(s), no user:password@, at most 2,000 characters. Where it may point is checked when it is sent (url-safety.ts). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .min(1, "Enter the URL that receives the events")
  .max(2000, "At most 2,000 characters")
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:";
    } catch {
      return false;
    }
  }, "Enter an http:// or https:// URL")
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.username === "" && url.password === "";
    } catch {
      return true;
    }
  }, "A URL with a user name or password is not accepted: the signature authenticates each delivery");

const endpointFields = {
  url: webhookUrlSchema,
  description: z.string().trim().max(200, "At most 200 characters").default(""),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, "Choose at least one event"),
  enabled: z.boolean().default(true),
};

export const createWebhookEndpointInput = z.object(endpointFields);
export const updateWebhookEndpointInput = z.object({ id: z.string().min(1), ...endpointFields });
export const webhookEndpointRef = z.object({ id: z.string().min(1) });
export const webhookDeliveryRef = z.object({ id: z.string().min(1) });
export const listWebhookDeliveriesInput = z.object({
  endpointId: z.string().min(1),
  limit: z.number().int().min(1).max(200).default(50),
  /** The last delivery id of the previous page (older ones follow). */
  before: z.string().min(1).optional(),
});

export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointInput>;
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointInput>;
