// Inputs of staff management: one schema each, shared by the Staff page's forms, its server
// actions and `npm run staff`.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";

export const staffRoleSchema = z.enum(["admin", "staff"], { error: "Choose a role: admin or staff" });

export { STAFF_ROLE_DESCRIPTION, STAFF_ROLE_LABEL } from "./roles";

export const staffEmailSchema = z
  .string({ error: "Enter an email address" })
  .trim()
  .min(1, "Enter an email address")
  .pipe(z.email("Enter a valid email address"));

export const inviteStaffInput = z.object({ email: staffEmailSchema, role: staffRoleSchema });

export const changeStaffRoleInput = z.object({ userId: z.string().min(1), role: staffRoleSchema });

export const staffMemberInput = z.object({ userId: z.string().min(1) });

export type InviteStaffInput = z.input<typeof inviteStaffInput>;
export type ChangeStaffRoleInput = z.input<typeof changeStaffRoleInput>;
