// The Content-Security-Policy of every page, with a fresh nonce per request (set by proxy.ts).
//
// Scripts: only those carrying this response's nonce run ('strict-dynamic' lets them load the
// app's own chunks). Next.js puts the nonce on its framework scripts and inline bootstrap by
// itself when it finds one in the request's CSP header, which requires every page to be rendered
// per request (the root layout is force-dynamic). An injected <script> or on*= attribute has no
// nonce and does not run.
//
// Styles: 'unsafe-inline', deliberately. The UI kit's libraries insert <style> elements and style
// attributes at run time without a nonce (sonner's toaster, Radix's popper positioning); a nonce
// for styles would break them, and injected CSS cannot run script. Scripts are what matter.
//
// Forms may post to the app itself and be redirected to the two places sign-in and billing
// send people: the identity provider and Stripe (or the local emulator).
export type ContentSecurityPolicyOptions = {
  nonce: string;
  /** Development needs 'unsafe-eval' (React's dev tooling) and the HMR websocket. */
  development?: boolean;
  /** Over HTTPS, sub-resources are upgraded; on http://localhost that would break the page. */
  https?: boolean;
  /** Origins a form may end up at after a redirect (identity provider, Stripe). */
  formTargets?: readonly string[];
};

const STRIPE_HOSTED_PAGES = ["https://checkout.stripe.com", "https://billing.stripe.com"];

export function contentSecurityPolicy(options: ContentSecurityPolicyOptions): string {
  const { nonce, development = false, https = false } = options;
  const formTargets = [...new Set([...STRIPE_HOSTED_PAGES, ...(options.formTargets ?? [])])];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...(development ? ["ws:", "wss:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...formTargets],
    ["frame-ancestors", "'none'"],
    ["frame-src", "'none'"],
    ["worker-src", "'self'", "blob:"],
    ["manifest-src", "'self'"],
  ];
  if (https) directives.push(["upgrade-insecure-requests"]);
  return directives.map((parts) => parts.join(" ")).join("; ");
}

/** 128 random bits, base64: unguessable, fresh for every response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** For JSON endpoints (/v1): nothing may load, nothing may frame it. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
