// Abuse limits against the production build: sign-in emails per address, and the request body
// size of the API. (Per client IP: lib/rate-limit/sign-in-email-limit.test.ts, with a small limit;
// the e2e server allows 1000 an hour per IP because every spec signs in from 127.0.0.1. The per-key
// API quota across instances: two-instances.spec.ts.)
import type { APIRequestContext } from "@playwright/test";
import { expect, test, uniqueSuffix } from "../fixtures";
import { api, createApiKey } from "../fixtures-api";

async function requestSignInLink(request: APIRequestContext, email: string, ip: string) {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/signin/email", {
    headers: { "x-forwarded-for": ip },
    form: { email, csrfToken: csrf.csrfToken, callbackUrl: "/customers", json: "true" },
  });
  return { status: response.status(), body: (await response.json()) as { url: string }, retryAfter: response.headers()["retry-after"] };
}

async function mailsTo(email: string): Promise<number> {
  const response = await fetch(`${process.env.E2E_MAIL_URL}/messages?to=${encodeURIComponent(email)}`);
  return ((await response.json()) as unknown[]).length;
}

test("one address gets at most 5 sign-in emails an hour; the sign-in page says why", async ({ page, request }) => {
  const email = `limited-${uniqueSuffix()}@equinox.test`;
  const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const answers = [];
  for (let n = 0; n < 6; n++) answers.push(await requestSignInLink(request, n % 2 ? email.toUpperCase() : email, ip));
  expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  expect(answers[5]).toMatchObject({ status: 429, body: { url: expect.stringContaining("/sign-in/error?error=RateLimited") } });
  expect(Number(answers[5]!.retryAfter)).toBeGreaterThan(0);
  await expect.poll(() => mailsTo(email)).toBe(5);

  // Through the page: the refusal is explained, not a generic failure.
  await page.goto("/sign-in");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Too many sign-in emails")).toBeVisible();
  expect(await mailsTo(email)).toBe(5);
});

test("the API refuses bodies over 1 MB with 413 payload_too_large, declared or streamed", async () => {
  const key = await createApiKey("sandbox");
  const big = JSON.stringify({ customer_id: `big_${uniqueSuffix()}`, name: "x".repeat(1_100_000) });
  const answer = await api("/v1/customers.get_or_create", { secret: key.secret, body: big });
  expect(answer.status).toBe(413);
  expect(answer.json).toMatchObject({ code: "payload_too_large" });
});
