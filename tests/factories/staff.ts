// Staff factories beyond createStaffUser/staffCtx (tests/factories/index.ts).
import type { Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { createStaffUser, unique } from "./index";

/** An admin's context, backed by a real user row (audit events refer to it). */
export async function adminCtx(env: Env = "sandbox"): Promise<Ctx & { actor: { kind: "staff"; userId: string; email: string } }> {
  const user = await createStaffUser({ role: "admin" });
  return { env, actor: { kind: "staff", userId: user.id, email: user.email!, role: "admin" } };
}

export const uniqueEmail = (prefix = "staff") => `${unique(prefix)}@equinox.test`;
