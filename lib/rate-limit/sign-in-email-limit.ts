// Wraps next-auth's route handler: a request for a sign-in email (POST /api/auth/signin/email)
// first takes one from the per-IP and per-address allowances (magic-link-limit.ts). Over the
// limit, nothing is sent and the caller gets next-auth's own error shape with error=RateLimited:
// `{ url }` for next-auth's client (`json=true`), a redirect to the error page for a plain form.
import "server-only";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/security/client-ip";
import { consumeMagicLinkAllowance } from "./magic-link-limit";

export const RATE_LIMITED_ERROR = "RateLimited";

type RouteContext = { params: Promise<{ nextauth: string[] }> };
type Handler = (request: Request, context: RouteContext) => Promise<Response>;

export function withSignInEmailLimit(handler: Handler): Handler {
  return async (request, context) => {
    const segments = (await context.params)?.nextauth ?? [];
    if (request.method !== "POST" || segments[0] !== "signin" || segments[1] !== "email") return handler(request, context);

    const form = new URLSearchParams(await request.clone().text().catch(() => ""));
    const verdict = await consumeMagicLinkAllowance({ email: form.get("email"), ip: clientIp(request.headers) });
    if (verdict.allowed) return handler(request, context);

    console.warn(`[auth] sign-in email refused: too many for this ${verdict.reason === "ip" ? "client IP" : "address"}`);
    const errorUrl = new URL(`/sign-in/error?error=${RATE_LIMITED_ERROR}`, env().APP_URL).toString();
    const headers = { "retry-after": String(verdict.retryAfterSeconds), "cache-control": "no-store" };
    if (form.get("json") === "true") return Response.json({ url: errorUrl }, { status: 429, headers });
    return new Response(null, { status: 303, headers: { ...headers, location: errorUrl } });
  };
}
