// Refuses state-changing requests that a browser sent on behalf of another site (CSRF). Browsers
// label every request with Sec-Fetch-Site, and send Origin on every non-GET request; either is
// enough to tell a cross-site form post or fetch from a same-origin one. Requests that carry
// neither are not from a modern browser (curl, server-to-server) and cannot ride on a victim's
// cookies, so they pass.
//
// Exempt: the public API (/v1, authenticated by a secret key in a header, which a browser never
// adds by itself), the Stripe webhook (authenticated by its signature) and the sign-in callbacks
// (an identity provider may post its answer back cross-site; next-auth checks state and PKCE).
// Server actions get Next.js's own Origin check as well.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PATHS = ["/v1", "/api/webhooks/stripe", "/api/auth/callback"];

export type CrossSiteVerdict = { allowed: true } | { allowed: false; reason: string };

export function isExemptFromCrossSiteCheck(pathname: string): boolean {
  return EXEMPT_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

/**
 * `allowedOrigins`: the app's own origin(s), e.g. APP_URL's and the one the request was addressed
 * to (Host). Only exact origin matches count; `same-site` (a sibling subdomain) is not trusted.
 */
export function checkCrossSite(request: { method: string; url: string; headers: Headers }, allowedOrigins: readonly string[]): CrossSiteVerdict {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return { allowed: true };
  if (isExemptFromCrossSiteCheck(new URL(request.url).pathname)) return { allowed: true };

  const fetchSite = request.headers.get("sec-fetch-site")?.toLowerCase();
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    return { allowed: false, reason: `Sec-Fetch-Site: ${fetchSite}` };
  }
  const origin = request.headers.get("origin");
  if (origin !== null) {
    // A sandboxed iframe or a privacy redirect sends the literal "null": never our own page.
    if (origin === "null" || !allowedOrigins.includes(origin.toLowerCase())) return { allowed: false, reason: `Origin: ${origin}` };
  }
  return { allowed: true };
}

/** The origins a request may come from: the configured public URL and the host it was sent to. */
export function ownOrigins(request: { url: string; headers: Headers }, appUrl: string | undefined): string[] {
  const origins = new Set<string>();
  if (appUrl) origins.add(new URL(appUrl).origin.toLowerCase());
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(/:$/, "");
  if (host) origins.add(`${proto}://${host}`.toLowerCase());
  origins.add(new URL(request.url).origin.toLowerCase());
  return [...origins];
}

export function crossSiteRefusal(reason: string): Response {
  return Response.json(
    { code: "forbidden", message: "Cross-site request refused: this action must be started from Equinox itself" },
    { status: 403, headers: { "cache-control": "no-store", "x-refused-because": reason.slice(0, 100) } },
  );
}
