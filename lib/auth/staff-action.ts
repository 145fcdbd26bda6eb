// The wrapper every dashboard server action goes through: it re-checks the session and role
// (requireStaff), runs the domain function with the staff context, revalidates what changed and
// turns errors into an ActionResult. Actions themselves stay a few lines long.
import "server-only";
import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import type { StaffRole } from "@/lib/generated/prisma";
import { toDomainError } from "@/lib/api/error-response";
import type { ActionResult } from "./action-result";
import { requireStaff, type StaffCtx } from "./session";

export type StaffActionOptions = {
  /** Paths to revalidate after a success (their server components render again). */
  revalidate?: string[];
  /** Refuse early (before the domain) when the action is for admins only. The domain checks anyway. */
  minRole?: StaffRole;
};

export async function staffAction<T>(run: (ctx: StaffCtx) => Promise<T>, options: StaffActionOptions = {}): Promise<ActionResult<T>> {
  try {
    const ctx = await requireStaff(options.minRole);
    const data = await run(ctx);
    for (const path of options.revalidate ?? []) revalidatePath(path);
    return { ok: true, data };
  } catch (error) {
    const known = toDomainError(error);
    if (known) {
      return { ok: false, error: { code: known.code, message: known.message, ...(known.field ? { field: known.field } : {}), ...(known.details ? { details: known.details } : {}) } };
    }
    const reference = `err_${randomBytes(6).toString("hex")}`;
    console.error(`[action] ${reference} unexpected error:`, error);
    return { ok: false, error: { code: "internal_error", message: `Something went wrong on our side (reference ${reference}). Try again; if it keeps happening, tell your administrator.` } };
  }
}
