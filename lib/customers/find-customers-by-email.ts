// Which customers of this environment already use an email (compared normalised): the dashboard
// warns before staff give a customer an address another one has. A warning, not a rule: only two
// *pending* customers may not share an email, and update-customer enforces that.
import "server-only";
import { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { normalizeEmail, type NormalizedEmail } from "@/lib/email/normalize-email";
import { emailSchema } from "./schemas";
import { findCustomersUsingEmail } from "./customer-queries";

export const findCustomersByEmailInput = z.object({
  email: emailSchema,
  /** Leave this customer out (the one being edited). */
  exceptCustomerId: z.string().trim().min(1).optional(),
});
export type FindCustomersByEmailInput = z.input<typeof findCustomersByEmailInput>;

export type CustomerUsingEmail = { internalId: string; id: string | null; name: string | null; email: string | null; pending: boolean };

const MAX_RESULTS = 10;

export async function findCustomersByEmail(ctx: Ctx, input: FindCustomersByEmailInput): Promise<CustomerUsingEmail[]> {
  authorize(ctx, "customers:read");
  const data = findCustomersByEmailInput.parse(input);
  const emailNormalized = normalizeEmail(data.email);
  if (!emailNormalized) return [];
  const rows = await findCustomersUsingEmail(db(), ctx.env, emailNormalized, { except: data.exceptCustomerId, take: MAX_RESULTS });
  return rows.map((row) => ({ internalId: row.id, id: row.externalId, name: row.name, email: row.email, pending: row.externalId === null }));
}

/**
 * The same for many addresses at once (a CSV import's dry run): one query, by normalised email;
 * an address nobody uses (or that is no address) is absent from the map, never an error.
 */
export async function findCustomersByEmails(ctx: Ctx, emails: string[]): Promise<Map<NormalizedEmail, CustomerUsingEmail[]>> {
  authorize(ctx, "customers:read");
  const normalized = [...new Set(emails.map((email) => normalizeEmail(email)).filter((email): email is NormalizedEmail => email !== null))];
  const found = new Map<NormalizedEmail, CustomerUsingEmail[]>();
  if (normalized.length === 0) return found;
  const rows = await db().customer.findMany({
    where: { env: ctx.env, emailNormalized: { in: normalized } },
    select: { id: true, externalId: true, name: true, email: true, emailNormalized: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  for (const row of rows) {
    const key = row.emailNormalized as NormalizedEmail;
    const list = found.get(key) ?? [];
    list.push({ internalId: row.id, id: row.externalId, name: row.name, email: row.email, pending: row.externalId === null });
    found.set(key, list);
  }
  return found;
}
