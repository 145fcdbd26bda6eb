// There must always be at least one admin, or nobody could manage staff, keys or the catalog
// again (short of the command line). Checked inside the changing transaction, with the admin rows
// locked, so two admins demoting each other at the same moment cannot both succeed.
import "server-only";
import type { Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";

export async function assertAnotherAdminRemains(tx: Tx, userId: string, field: string): Promise<void> {
  const admins = await tx.$queryRaw<{ id: string }[]>`select id from users where role = 'admin' order by id for update`;
  if (admins.some((admin) => admin.id === userId) && admins.length <= 1) {
    throw new DomainError("conflict", "This is the last admin: make someone else an admin first", { field });
  }
}
