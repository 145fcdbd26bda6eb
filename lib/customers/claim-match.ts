// How a pending customer (no id yet) was matched when it was claimed. Stored on the customer
// (customers.claim_matched_by), in the claim's audit event (`after.matched_by`) and in the
// `customer.claimed` domain event, so the timeline, the dashboard's recent claims, the owner's
// alert and outbound webhooks all tell the same story.
import type { Actor } from "@/lib/context";

export const CLAIM_MATCHES = ["email_at_sign_in", "invitation", "api"] as const;
export type ClaimMatch = (typeof CLAIM_MATCHES)[number];

/** A claim by email: at the portal's sign-in for an end customer, else through the API (get-or-create). */
export function emailClaimMatch(actor: Actor): ClaimMatch {
  return actor.kind === "end_customer" ? "email_at_sign_in" : "api";
}

export function isClaimMatch(value: unknown): value is ClaimMatch {
  return typeof value === "string" && (CLAIM_MATCHES as readonly string[]).includes(value);
}

/** For people: "matched by email at sign-in", "matched by invitation", "matched through the API". */
export function describeClaimMatch(match: string | null | undefined): string {
  switch (match) {
    case "email_at_sign_in":
      return "matched by email at sign-in";
    case "invitation":
      return "matched by invitation";
    case "api":
      return "matched through the API";
    default:
      return "matched by email";
  }
}
