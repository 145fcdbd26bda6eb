// Helpers for the dashboard specs: sessions for an existing user, server actions replayed by
// hand (to prove the server refuses what the UI hides), magic links out of the mail sink.
import type { APIRequestContext, BrowserContext, Page, Request } from "@playwright/test";
import { domain, expect, uniqueSuffix, waitForMail } from "../fixtures";

/** Adds a database session for `userId` to the browser context (as next-auth would after sign-in). */
export async function addSession(context: BrowserContext, userId: string): Promise<string> {
  const token = await (await domain()).sessionFor(userId);
  const url = new URL(process.env.E2E_BASE_URL!);
  await context.addCookies([{ name: "next-auth.session-token", value: token, domain: url.hostname, path: "/", httpOnly: true, sameSite: "Lax" }]);
  return token;
}

/** A user with this email and role (created, or its role set if the email exists). */
export async function upsertUser(email: string, role: "admin" | "staff" | null): Promise<{ id: string; email: string }> {
  return (await domain()).userWithRole(email, role);
}

/** Runs `trigger` and returns the server action request it makes (its id and encoded arguments). */
export async function captureServerAction(page: Page, trigger: () => Promise<void>): Promise<{ url: string; actionId: string; body: string }> {
  const requestPromise = page.waitForRequest((request: Request) => request.method() === "POST" && Boolean(request.headers()["next-action"]));
  await trigger();
  const request = await requestPromise;
  return { url: request.url(), actionId: request.headers()["next-action"]!, body: request.postData() ?? "" };
}

/** Calls a server action directly, as any HTTP client could, with the cookies of `request`'s context. */
export async function postServerAction(request: APIRequestContext, action: { url: string; actionId: string }, body: string) {
  const origin = new URL(action.url).origin;
  const response = await request.post(action.url, {
    headers: { "next-action": action.actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin },
    data: body,
    maxRedirects: 0,
  });
  return { status: response.status(), text: await response.text() };
}

/** Waits for the sign-in email to `email` sent after `since`, and returns its link. */
export async function signInLinkFromMail(email: string, since: number): Promise<string> {
  const mail = await waitForMail(email, since);
  const link = /(https?:\/\/\S+\/api\/auth\/callback\/email\?\S+)/.exec(mail.text)?.[1];
  expect(link, `a sign-in link in: ${mail.text}`).toBeTruthy();
  expect(mail.html).toContain("/api/auth/callback/email");
  return link!;
}

export const uniqueEmail = (prefix: string) => `${prefix}-${uniqueSuffix()}@equinox.test`;
