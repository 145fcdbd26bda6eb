// Response headers every response gets (next.config.ts `headers()`; they are fixed at build
// time). The Content-Security-Policy of pages is per request and set by proxy.ts instead.
import { API_CONTENT_SECURITY_POLICY } from "./content-security-policy";

export type HeaderRule = { source: string; headers: { key: string; value: string }[] };

export function securityHeaderRules(options: { production: boolean }): HeaderRule[] {
  const common = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    // The full URL stays on this site; other sites see only the origin (never a magic-link token).
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // For browsers without CSP frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
    // Browsers ignore HSTS received over plain HTTP, so sending it from every production server is
    // safe; behind HTTPS it pins the browser to HTTPS for two years.
    ...(options.production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
  return [
    { source: "/:path*", headers: common },
    // The API never serves pages; proxy.ts (which sets the pages' policy) does not run for it.
    { source: "/v1/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
  ];
}
