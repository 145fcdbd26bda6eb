// The Pending view (issue 17, item 2): the customers pre-created without an id, with their age,
// owner and last invitation, so sales can follow them up; and the dashboard's recent claims.
import "server-only";
import { Prisma } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { selectRows } from "@/lib/db-rows";
import { invitationStatus, type InvitationStatus } from "./invitations";
import { pendingListInput, type PendingListInput, type PendingSort } from "./follow-up-schemas";

export type PendingCustomerRow = {
  id: string;
  name: string | null;
  email: string | null;
  createdAt: string;
  ageDays: number;
  owner: { id: string; label: string } | null;
  lastInvitation: { createdAt: string; sentTo: string | null; status: InvitationStatus } | null;
};

export type PendingCustomerPage = { rows: PendingCustomerRow[]; total: number; page: number; pageSize: number };

type Row = {
  id: string;
  name: string | null;
  email: string | null;
  created_at: Date;
  owner_id: string | null;
  owner_name: string | null;
  owner_email: string | null;
  invited_at: Date | null;
  sent_to: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  used_at: Date | null;
  total: bigint | number;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** ORDER BY per sort, `desc` as the view means it (age desc: the longest waiting first). Ties: the id. */
function orderBy(sort: PendingSort, dir: "asc" | "desc"): Prisma.Sql {
  const flip = (value: "asc" | "desc") => (value === "asc" ? "desc" : "asc");
  switch (sort) {
    case "age":
      return Prisma.raw(`c.created_at ${flip(dir)}, c.id ${flip(dir)}`);
    case "name":
      return Prisma.raw(`lower(coalesce(nullif(c.name, ''), c.email, '')) ${dir}, c.id ${dir}`);
    case "owner":
      return Prisma.raw(`lower(coalesce(nullif(u.name, ''), u.email)) ${dir} nulls last, c.id ${dir}`);
    case "invited":
      // Ascending: never invited first, then the longest ago; descending: the latest invitations first.
      return Prisma.raw(`li.created_at ${dir} nulls ${dir === "asc" ? "first" : "last"}, c.id ${dir}`);
  }
}

export async function listPendingCustomers(ctx: Ctx, input: PendingListInput = {}): Promise<PendingCustomerPage> {
  authorize(ctx, "customers:read");
  const data = pendingListInput.parse(input);
  const ownerId = data.owner === "me" ? (ctx.actor.kind === "staff" ? ctx.actor.userId : null) : data.owner;
  const ownerFilter =
    data.owner === null ? Prisma.empty : data.owner === "none" ? Prisma.sql`and c.owner_id is null` : Prisma.sql`and c.owner_id = ${ownerId ?? ""}`;
  const ageFilter = data.min_age_days > 0 ? Prisma.sql`and c.created_at <= now() - make_interval(days => ${data.min_age_days}::int)` : Prisma.empty;
  const rows = await selectRows<Row>(
    db(),
    Prisma.sql`
      select c.id, c.name, c.email, c.created_at, c.owner_id, u.name as owner_name, u.email as owner_email,
             li.created_at as invited_at, li.sent_to, li.expires_at, li.revoked_at, li.used_at,
             count(*) over () as total
        from customers c
        left join users u on u.id = c.owner_id
        left join lateral (
          select i.created_at, i.sent_to, i.expires_at, i.revoked_at, i.used_at
            from customer_invitations i
           where i.customer_id = c.id
           order by i.created_at desc
           limit 1
        ) li on true
       where c.env = ${ctx.env}::"Env" and c.external_id is null ${ownerFilter} ${ageFilter}
       order by ${orderBy(data.sort, data.dir)}
       limit ${data.size} offset ${(data.page - 1) * data.size}`,
  );
  const now = Date.now();
  return {
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      email: row.email,
      createdAt: row.created_at.toISOString(),
      ageDays: Math.floor((now - row.created_at.getTime()) / DAY_MS),
      owner: row.owner_id ? { id: row.owner_id, label: row.owner_name?.trim() || row.owner_email || "Unnamed staff member" } : null,
      lastInvitation: row.invited_at
        ? {
            createdAt: row.invited_at.toISOString(),
            sentTo: row.sent_to,
            status: invitationStatus({ usedAt: row.used_at, revokedAt: row.revoked_at, expiresAt: row.expires_at! }, true),
          }
        : null,
    })),
    total: Number(rows[0]?.total ?? 0),
    page: data.page,
    pageSize: data.size,
  };
}

export type RecentClaim = {
  id: string;
  externalId: string;
  name: string | null;
  email: string | null;
  claimedAt: string;
  matchedBy: string | null;
  owner: string | null;
};

/** The latest claims of pending customers, newest first (the Customers page's "Recently claimed"). */
export async function listRecentClaims(ctx: Ctx, options: { limit?: number } = {}): Promise<RecentClaim[]> {
  authorize(ctx, "customers:read");
  const customers = await db().customer.findMany({
    where: { env: ctx.env, claimedAt: { not: null }, externalId: { not: null } },
    orderBy: [{ claimedAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(options.limit ?? 5, 1), 50),
    select: { id: true, externalId: true, name: true, email: true, claimedAt: true, claimMatchedBy: true, owner: { select: { name: true, email: true } } },
  });
  return customers.map((c) => ({
    id: c.id,
    externalId: c.externalId!,
    name: c.name,
    email: c.email,
    claimedAt: c.claimedAt!.toISOString(),
    matchedBy: c.claimMatchedBy,
    owner: c.owner ? c.owner.name?.trim() || c.owner.email : null,
  }));
}

/** How many customers are waiting to be claimed (the partial index on pending customers answers it). */
export async function countPendingCustomers(ctx: Ctx): Promise<number> {
  authorize(ctx, "customers:read");
  return db().customer.count({ where: { env: ctx.env, externalId: null } });
}
