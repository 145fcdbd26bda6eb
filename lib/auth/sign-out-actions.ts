"use server";
// Sign out (this browser) and sign out everywhere (every session of the user, e.g. after a lost
// laptop). Database sessions make the second one real: the rows are gone, so every cookie that
// pointed at them is worthless at once.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { sessionCookieName } from "./auth-options";
import { getSessionUser, isStaff } from "./session";

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(sessionCookieName())?.value;
  if (token) await db().session.deleteMany({ where: { sessionToken: token } });
  jar.delete(sessionCookieName());
  redirect("/sign-in?signedOut=1");
}

export async function signOutEverywhereAction(): Promise<void> {
  const user = await getSessionUser();
  if (user) {
    await db().$transaction(async (tx) => {
      const { count } = await tx.session.deleteMany({ where: { userId: user.id } });
      if (isStaff(user)) {
        await recordAuditEvent(tx, { env: "sandbox", actor: { kind: "staff", userId: user.id, email: user.email, role: user.role } }, {
          action: "staff.signed_out_everywhere",
          targetType: "user",
          targetId: user.id,
          target: { email: user.email, sessions: count },
          env: null,
        });
      }
    });
  }
  (await cookies()).delete(sessionCookieName());
  redirect("/sign-in?signedOut=everywhere");
}
