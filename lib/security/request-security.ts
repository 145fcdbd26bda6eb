// What proxy.ts does for security on every page and app route: refuse cross-site state changes,
// and give the page a Content-Security-Policy with a fresh nonce (in the request, where Next.js
// reads it to stamp its scripts, and in the response, where the browser enforces it).
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy, newNonce } from "./content-security-policy";
import { checkCrossSite, crossSiteRefusal, ownOrigins } from "./cross-site";

export const NONCE_HEADER = "x-nonce";

function formTargets(): string[] {
  const { OIDC_ISSUER, STRIPE_API_BASE } = env();
  return [OIDC_ISSUER, STRIPE_API_BASE].filter((url): url is string => Boolean(url)).map((url) => new URL(url).origin);
}

/**
 * Runs `next` (the rest of the proxy) with request headers that carry the nonce and the policy,
 * then adds the policy to its response. Returns a 403 instead for a cross-site state change.
 */
export function withRequestSecurity(request: NextRequest, next: (requestHeaders: Headers) => NextResponse): NextResponse | Response {
  const config = env();
  const verdict = checkCrossSite(request, ownOrigins(request, config.APP_URL));
  if (!verdict.allowed) return crossSiteRefusal(verdict.reason);

  const nonce = newNonce();
  const policy = contentSecurityPolicy({
    nonce,
    development: config.NODE_ENV === "development",
    https: config.APP_URL.startsWith("https://"),
    formTargets: formTargets(),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(NONCE_HEADER, nonce);
  requestHeaders.set("content-security-policy", policy);
  const response = next(requestHeaders);
  response.headers.set("content-security-policy", policy);
  return response;
}
