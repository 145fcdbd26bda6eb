// Runs before every page and app route (not /v1, not static files).
//
// 1. Security (lib/security/request-security.ts): cross-site state changes are refused, and every
//    page gets a Content-Security-Policy with a fresh nonce.
// 2. Sends a browser that opens a dashboard page without a session cookie to the sign-in page,
//    remembering where it was going. That is all it does: whether the session is valid and what
//    the user may do is decided on the server by requireStaff() and the domain functions, on every
//    request. Non-GET requests (server actions) and JSON requests pass through so that they get
//    the domain layer's own answer (401/403), not an HTML redirect.
import { NextResponse, type NextRequest } from "next/server";
import { withRequestSecurity } from "@/lib/security/request-security";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const SIGNED_IN_PATHS = ["/customers", "/plans", "/features", "/api-keys", "/audit", "/staff", "/no-access"];

export function proxy(request: NextRequest) {
  return withRequestSecurity(request, (requestHeaders) => signInRedirect(request) ?? NextResponse.next({ request: { headers: requestHeaders } }));
}

function signInRedirect(request: NextRequest): NextResponse | undefined {
  const { pathname } = request.nextUrl;
  if (!SIGNED_IN_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`))) return undefined;
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  if (request.headers.get("accept")?.includes("application/json")) return undefined;
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return undefined;

  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("callbackUrl", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(signIn);
}

export const config = {
  matcher: [
    // Everything but the public API (its own key authentication and body limit; the proxy would
    // buffer its bodies) and the build's static files.
    "/((?!v1/|v1$|_next/static|_next/image|favicon.ico).*)",
  ],
};
