// Hardened HTTP against the production build: the Content-Security-Policy pages actually satisfy
// (scripts carry the per-request nonce, no violation is reported, the app hydrates), the other
// security headers, cookie attributes, and cross-site state changes refused.
import type { Page } from "@playwright/test";
import { expect, signInAs, test } from "../fixtures";
import { createApiKey } from "../fixtures-api";

const base = () => process.env.E2E_BASE_URL!;

/** Collects CSP violations the page reports (securitypolicyviolation events and console errors). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return violations;
}

const directive = (policy: string, name: string) => policy.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `));

test("pages send a nonce-based CSP that their own scripts satisfy, fresh on every response", async ({ page }) => {
  const violations = await watchViolations(page);
  const first = await page.goto("/");
  const policy = first!.headers()["content-security-policy"]!;
  expect(directive(policy, "script-src")).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
  expect(directive(policy, "frame-ancestors")).toBe("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;

  // Every script the server rendered carries this response's nonce (scripts the app's own code
  // adds later, such as lazily loaded chunks, are trusted through 'strict-dynamic').
  const html = await first!.text();
  const scriptTags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  expect(scriptTags.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);

  // The app is hydrated (client-side navigation works), and nothing was blocked.
  await page.getByRole("link", { name: "Open the dashboard" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in to Equinox" })).toBeVisible();

  const second = await page.request.get("/");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);
  expect(violations).toEqual([]);
});

test("signed-in dashboard pages, the portal and the not-found page work under the policy", async ({ page }) => {
  const violations = await watchViolations(page);
  await signInAs(page, "admin");
  await page.goto("/customers");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // A form validated in the browser with zod (loaded on demand): zod must not probe for eval.
  await page.getByRole("button", { name: "New customer" }).click();
  const dialog = page.getByRole("dialog", { name: "Create customer" });
  await dialog.getByLabel("Email").fill("not an email");
  await dialog.getByRole("button", { name: /^Create/ }).click();
  await expect(dialog.getByText(/valid email/i)).toBeVisible();
  await page.keyboard.press("Escape");
  // Interactive parts (dialogs, menus, toasts) rely on client scripts and inline styles.
  await page.goto("/api-keys");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.goto("/portal");
  await page.goto("/no-such-page");
  await expect(page.getByText(/not found|404/i).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("every response carries the security headers; the API gets a locked-down policy of its own", async ({ request }) => {
  for (const path of ["/", "/sign-in", "/api/health"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["strict-transport-security"]).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(headers["x-powered-by"]).toBeUndefined();
  }
  const api = (await request.post("/v1/customers.list", { data: {} })).headers();
  expect(api["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api["x-content-type-options"]).toBe("nosniff");
});

test("auth cookies are HttpOnly and SameSite=Lax (Secure and __Secure- once APP_URL is https)", async ({ request }) => {
  const response = await request.get("/api/auth/csrf");
  const cookies = response.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  const csrf = cookies.find((c) => c.startsWith("next-auth.csrf-token="));
  expect(csrf).toMatch(/HttpOnly/i);
  expect(csrf).toMatch(/SameSite=Lax/i);
});

test("state-changing requests from another site are refused; the API and the Stripe webhook are exempt", async ({ request }) => {
  const crossSite = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  // next-auth's sign-out, a server action post, and a dashboard route: refused before they run.
  for (const path of ["/api/auth/signout", "/customers", "/api/dashboard/customers"]) {
    const refused = await request.post(path, { headers: crossSite, form: { a: "b" }, maxRedirects: 0 });
    expect(refused.status(), path).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden" });
  }
  // The same request from the app's own origin gets past the check (to whatever the route says).
  const sameOrigin = await request.post("/api/auth/signout", { headers: { origin: base(), "sec-fetch-site": "same-origin" }, form: {}, maxRedirects: 0 });
  expect(sameOrigin.status()).not.toBe(403);

  const key = await createApiKey("sandbox");
  const api = await request.post("/v1/customers.list", { headers: { ...crossSite, authorization: `Bearer ${key.secret}` }, data: {} });
  expect(api.status()).toBe(200);
  const webhook = await request.post("/api/webhooks/stripe", { headers: crossSite, data: "{}" });
  expect(webhook.status()).not.toBe(403); // refused for its missing signature instead
  expect(webhook.status()).toBe(400);
});

test("a page cannot be framed", async ({ page }) => {
  const response = await page.goto("/sign-in");
  expect(response!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(response!.headers()["x-frame-options"]).toBe("DENY");
});
