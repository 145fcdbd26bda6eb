import { describe, expect, it } from "vitest";
import { checkCrossSite, ownOrigins } from "./cross-site";

const APP = "http://127.0.0.1:3000";
const request = (method: string, path: string, headers: Record<string, string> = {}) => ({
  method,
  url: `${APP}${path}`,
  headers: new Headers({ host: "127.0.0.1:3000", ...headers }),
});
const allowed = (r: ReturnType<typeof request>) => checkCrossSite(r, ownOrigins(r, APP)).allowed;

describe("cross-site request check", () => {
  it("refuses a state change sent by a browser on behalf of another site", () => {
    expect(allowed(request("POST", "/api/auth/signout", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(allowed(request("POST", "/api/auth/signout", { origin: "https://evil.example" }))).toBe(false); // old browser: Origin only
    expect(allowed(request("POST", "/api/auth/signout", { "sec-fetch-site": "cross-site" }))).toBe(false);
    // A sibling subdomain is "same-site", not us.
    expect(allowed(request("DELETE", "/customers/x", { "sec-fetch-site": "same-site", origin: "http://other.127.0.0.1:3000" }))).toBe(false);
    expect(allowed(request("PATCH", "/anything", { origin: "null" }))).toBe(false);
  });

  it("lets same-origin requests, non-browser clients and safe methods through", () => {
    expect(allowed(request("POST", "/api/auth/signout", { origin: APP, "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(allowed(request("POST", "/api/auth/signout", {}))).toBe(true); // curl, server-to-server: no ambient cookies to abuse
    expect(allowed(request("POST", "/api/auth/signout", { "sec-fetch-site": "none" }))).toBe(true); // typed in by the user
    expect(allowed(request("GET", "/customers", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBe(true);
  });

  it("exempts the key-authenticated API, the signed Stripe webhook and the sign-in callbacks", () => {
    const evil = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
    expect(allowed(request("POST", "/v1/customers", evil))).toBe(true);
    expect(allowed(request("POST", "/api/webhooks/stripe", evil))).toBe(true);
    expect(allowed(request("POST", "/api/auth/callback/oidc", evil))).toBe(true);
    expect(allowed(request("POST", "/v1x/customers", evil))).toBe(false);
    expect(allowed(request("POST", "/api/webhooks/stripe-lookalike", evil))).toBe(false);
  });

  it("accepts the public URL and the address the request was sent to as our own origin", () => {
    const behindProxy = {
      method: "POST",
      url: "http://127.0.0.1:3000/api/auth/signout",
      headers: new Headers({ host: "127.0.0.1:3000", "x-forwarded-host": "billing.example.com", "x-forwarded-proto": "https", origin: "https://billing.example.com" }),
    };
    expect(checkCrossSite(behindProxy, ownOrigins(behindProxy, "https://billing.example.com")).allowed).toBe(true);
  });
});
