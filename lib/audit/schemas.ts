// Filters of the audit log, shared by the page (URL state), the GET route and the domain query.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

export const AUDIT_ACTOR_KINDS = ["staff", "api_key", "system", "stripe_webhook", "end_customer"] as const;

export const AUDIT_ACTOR_KIND_LABEL: Record<(typeof AUDIT_ACTOR_KINDS)[number], string> = {
  staff: "Staff",
  api_key: "API key",
  system: "System",
  stripe_webhook: "Stripe webhook",
  end_customer: "Customer",
};

export const listAuditEventsInput = z.object({
  /** Who acted: part of the actor's label (an email, a key's name) or the exact actor id. */
  actor: optionalText(200),
  actorKind: z.enum(AUDIT_ACTOR_KINDS).optional().catch(undefined),
  /** What happened: an exact action (`api_key.revoked`) or its beginning (`customer.`). */
  action: optionalText(100),
  /** The customer concerned: internal id (`cus_…`), external id, or part of the email. */
  customer: optionalText(200),
  cursor: optionalText(200),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export type ListAuditEventsInput = z.input<typeof listAuditEventsInput>;
export type AuditFilters = Pick<z.output<typeof listAuditEventsInput>, "actor" | "actorKind" | "action" | "customer">;
