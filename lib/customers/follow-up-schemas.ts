// The inputs of the sales follow-up (issue 17): a customer's owner, invitations to claim a
// pending customer, the Pending view's filters. One base schema per input, shared by the forms,
// the server actions and the domain functions.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

export const INVITATION_TTL_DAYS = 14;
export const INVITATION_MAX_TTL_DAYS = 90;

/** A customer's owner: a staff member's user id, or null for nobody. */
export const changeOwnerInput = z.object({
  customer_id: z.string().min(1),
  owner_id: z.string().min(1).nullable(),
});
export type ChangeOwnerInput = z.input<typeof changeOwnerInput>;

/** An invitation link for a pending customer: emailed (`send_to`) or only created, for staff to copy. */
export const createInvitationInput = z.object({
  customer_id: z.string().min(1),
  /** The address to email the link to; absent: the link is only shown, to be copied. */
  send_to: z.email("enter a valid email address").max(320).optional(),
  expires_in_days: z.number().int().min(1).max(INVITATION_MAX_TTL_DAYS).default(INVITATION_TTL_DAYS),
});
export type CreateInvitationInput = z.input<typeof createInvitationInput>;

export const revokeInvitationInput = z.object({ invitation_id: z.string().min(1) });
export type RevokeInvitationInput = z.input<typeof revokeInvitationInput>;

export const PENDING_SORTS = ["age", "name", "owner", "invited"] as const;
export type PendingSort = (typeof PENDING_SORTS)[number];
/** Minimum age, in days, of a pending customer shown (0: all). */
export const PENDING_AGES = [0, 7, 30, 90] as const;
export const PENDING_PAGE_SIZE = 50;

export const pendingListInput = z.object({
  /** `me`, `none`, a staff user id, or absent for everyone's. */
  owner: z.string().min(1).nullable().default(null),
  min_age_days: z.number().int().min(0).max(3650).default(0),
  sort: z.enum(PENDING_SORTS).default("age"),
  /** `desc` on age: the oldest first (they waited longest). */
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.number().int().min(1).default(1),
  size: z.number().int().min(1).max(200).default(PENDING_PAGE_SIZE),
});
export type PendingListInput = z.input<typeof pendingListInput>;
