// A customer's owner: the staff member who follows it up (issue 17, item 2). Its creator by default
// (insert-customer.ts); staff change it on the customer page, and the change is audited.
import "server-only";
import type { Customer } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound, invalidInputs } from "@/lib/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { customerSnapshot } from "./customer-snapshot";
import { findCustomerById, knownCustomerById, type KnownCustomerArg } from "./customer-queries";
import { changeOwnerInput, type ChangeOwnerInput } from "./follow-up-schemas";

export type OwnerOption = { id: string; label: string; email: string | null };

const ownerLabel = (user: { name: string | null; email: string | null }) => user.name?.trim() || user.email || "Unnamed staff member";

/** The staff members a customer can be given to (everyone with a dashboard role), by name. */
export async function listOwnerOptions(ctx: Ctx): Promise<OwnerOption[]> {
  authorize(ctx, "customers:read");
  const users = await db().user.findMany({ where: { role: { not: null } }, select: { id: true, name: true, email: true }, orderBy: [{ name: "asc" }, { email: "asc" }] });
  return users.map((user) => ({ id: user.id, label: ownerLabel(user), email: user.email }));
}

/**
 * The owner of a customer, for its page (null: nobody). `known`: the customer as the page already
 * read it: its owner id is then on the row, and only the owner (if any) is read, unless it is one
 * of `staff` (listOwnerOptions, which the page reads anyway).
 */
export async function getCustomerOwner(
  ctx: Ctx,
  customerId: string,
  options: { known?: KnownCustomerArg; staff?: OwnerOption[] | Promise<OwnerOption[]> } = {},
): Promise<OwnerOption | null> {
  authorize(ctx, "customers:read");
  const known = await knownCustomerById(ctx.env, customerId, options.known);
  if (known) {
    if (known.ownerId === null) return null;
    const listed = (await options.staff)?.find((option) => option.id === known.ownerId);
    if (listed) return listed;
    const owner = await db().user.findUnique({ where: { id: known.ownerId }, select: { id: true, name: true, email: true } });
    return owner ? { id: owner.id, label: ownerLabel(owner), email: owner.email } : null;
  }
  const customer = await db().customer.findFirst({ where: { id: customerId, env: ctx.env }, select: { owner: { select: { id: true, name: true, email: true } } } });
  if (!customer) throw customerNotFound(customerId);
  return customer.owner ? { id: customer.owner.id, label: ownerLabel(customer.owner), email: customer.owner.email } : null;
}

export async function changeCustomerOwner(ctx: Ctx, input: ChangeOwnerInput): Promise<Customer> {
  authorize(ctx, "customers:write");
  const data = changeOwnerInput.parse(input);
  const owner = data.owner_id ? await db().user.findUnique({ where: { id: data.owner_id }, select: { id: true, name: true, email: true, role: true } }) : null;
  if (data.owner_id && !owner?.role) throw invalidInputs("owner_id", "the owner must be a staff member");
  return db().$transaction(async (tx) => {
    const customer = await findCustomerById(tx, ctx.env, data.customer_id, { lock: true });
    if (!customer) throw customerNotFound(data.customer_id);
    if (customer.ownerId === (owner?.id ?? null)) return customer;
    const before = customer.ownerId ? await tx.user.findUnique({ where: { id: customer.ownerId }, select: { name: true, email: true } }) : null;
    const updated = await tx.customer.update({ where: { id: customer.id }, data: { ownerId: owner?.id ?? null } });
    await recordAuditEvent(tx, ctx, {
      action: "customer.owner_changed",
      targetType: "customer",
      targetId: customer.id,
      customerId: customer.id,
      target: customerSnapshot(updated),
      before: { owner_id: customer.ownerId, owner_label: before ? ownerLabel(before) : null },
      after: { owner_id: owner?.id ?? null, owner_label: owner ? ownerLabel(owner) : null },
    });
    return updated;
  });
}
