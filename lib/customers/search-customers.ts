// The dashboard's customer table: keyset pages of rows with what staff scan for (id or "pending",
// name, email, active plans, who created it), with search and plan / pending-only filters.
import "server-only";
import { z } from "zod";
import type { ActorKind } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerSearchSchema } from "./schemas";
import { selectCustomerPage } from "./customer-list-query";

export const searchCustomersInput = z.object({
  search: customerSearchSchema.optional(),
  /** A plan id (`pro`): customers with that plan active or scheduled. */
  plan: z.string().trim().min(1).optional(),
  pendingOnly: z.boolean().optional(),
  cursor: z.string().max(500).optional(),
  pageSize: z.number().int().min(1).max(200).optional().default(25),
  /** Newest first (default) or oldest first. */
  order: z.enum(["desc", "asc"]).optional().default("desc"),
});
export type SearchCustomersInput = z.input<typeof searchCustomersInput>;

export type CustomerTableRow = {
  /** Internal id (`cus_…`): what the dashboard links to. */
  internalId: string;
  /** The application's id; null while pending. */
  id: string | null;
  pending: boolean;
  name: string | null;
  email: string | null;
  stripeId: string | null;
  createdAt: Date;
  createdBy: { kind: ActorKind; label: string | null };
  claimedAt: Date | null;
  plans: { planId: string; name: string; status: "active" | "scheduled" }[];
};

export async function searchCustomers(ctx: Ctx, input: SearchCustomersInput = {}): Promise<{ rows: CustomerTableRow[]; nextCursor: string | null }> {
  authorize(ctx, "customers:read");
  const data = searchCustomersInput.parse(input);
  const { rows, nextCursor } = await selectCustomerPage(
    db(),
    ctx.env,
    { search: data.search, plans: data.plan ? [{ id: data.plan }] : undefined, pendingOnly: data.pendingOnly },
    { cursor: data.cursor, limit: data.pageSize, cursorField: "cursor", order: data.order },
  );
  const enabled = rows.length
    ? await db().customerPlan.findMany({
        where: { customerId: { in: rows.map((row) => row.id) }, status: { in: ["active", "scheduled"] } },
        select: { customerId: true, status: true, plan: { select: { planId: true, name: true } } },
        orderBy: { createdAt: "asc" },
      })
    : [];
  return {
    rows: rows.map((row) => ({
      internalId: row.id,
      id: row.externalId,
      pending: row.externalId === null,
      name: row.name,
      email: row.email,
      stripeId: row.stripeId,
      createdAt: row.createdAt,
      createdBy: { kind: row.createdByKind, label: row.createdByLabel },
      claimedAt: row.claimedAt,
      plans: enabled
        .filter((cp) => cp.customerId === row.id)
        .map((cp) => ({ planId: cp.plan.planId, name: cp.plan.name, status: cp.status as "active" | "scheduled" })),
    })),
    nextCursor,
  };
}
