// The demo's "sign-in": a cookie holding who the visitor says they are. A real app has its own
// authentication; what matters here is that the server, not the browser, tells Equinox which
// customer a request is for (the backend handler takes the id from here, never from the body).
import { cookies } from "next/headers";

export const SESSION_COOKIE = "demo_session";

export type DemoUser = { id: string; email: string };

export function parseSession(value: string | undefined): DemoUser | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as Partial<DemoUser>;
    if (typeof parsed.id === "string" && parsed.id && typeof parsed.email === "string") return { id: parsed.id, email: parsed.email };
  } catch {
    // a cookie this app did not write: nobody is signed in
  }
  return null;
}

export async function currentUser(): Promise<DemoUser | null> {
  return parseSession((await cookies()).get(SESSION_COOKIE)?.value);
}
