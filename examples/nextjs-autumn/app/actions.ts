"use server";
// The demo's sign-in and sign-out: set or clear the session cookie (lib/session.ts).
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE } from "../lib/session";

export async function signIn(form: FormData): Promise<void> {
  const id = String(form.get("id") ?? "").trim();
  const email = String(form.get("email") ?? "").trim();
  // The form requires both; a hand-made request without them just lands on the form again.
  if (!id || !email) redirect("/");
  (await cookies()).set(SESSION_COOKIE, JSON.stringify({ id, email }), { httpOnly: true, sameSite: "lax", path: "/" });
  redirect("/");
}

export async function signOut(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/");
}
