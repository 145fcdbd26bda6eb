// Sign-in emails per address and per IP, through the wrapper around next-auth's route handler.
import { vi, describe, expect, it } from "vitest";
import { unique } from "@/tests/factories";
import { withSignInEmailLimit } from "./sign-in-email-limit";

vi.hoisted(() => {
  process.env.MAGIC_LINK_LIMIT_PER_ADDRESS_PER_HOUR = "2";
  process.env.MAGIC_LINK_LIMIT_PER_IP_PER_HOUR = "4";
  process.env.APP_URL = "http://127.0.0.1:3999";
});

const sent: string[] = [];
const route = withSignInEmailLimit(async (request) => {
  sent.push(new URLSearchParams(await request.text()).get("email") ?? "");
  return Response.json({ url: "http://127.0.0.1:3999/sign-in/check-email" });
});

const params = (...nextauth: string[]) => ({ params: Promise.resolve({ nextauth }) });

function signInRequest(email: string, ip: string, options: { json?: boolean } = {}) {
  const body = new URLSearchParams({ email, csrfToken: "t", callbackUrl: "/customers", ...(options.json === false ? {} : { json: "true" }) });
  return new Request("http://127.0.0.1:3999/api/auth/signin/email", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body,
  });
}

describe("sign-in email limits", () => {
  it("sends at most MAGIC_LINK_LIMIT_PER_ADDRESS_PER_HOUR links to one address, however it is spelled", async () => {
    const email = `${unique("who")}@example.test`;
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const answers = [];
    for (const spelling of [email, ` ${email.toUpperCase()} `, email]) {
      answers.push(await route(signInRequest(spelling, `10.0.0.1, ${ip}${answers.length}`), params("signin", "email")));
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(await answers[2]!.json()).toEqual({ url: "http://127.0.0.1:3999/sign-in/error?error=RateLimited" });
    expect(Number(answers[2]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(sent.filter((s) => s.trim().toLowerCase() === email)).toHaveLength(2);
  });

  it("sends at most MAGIC_LINK_LIMIT_PER_IP_PER_HOUR links from one client IP (the right-most X-Forwarded-For entry)", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}-${unique("ip")}`;
    const statuses = [];
    for (let n = 0; n < 6; n++) {
      // The left-most entries are whatever the client claims: changing them does not help.
      statuses.push((await route(signInRequest(`${unique("a")}@example.test`, `192.0.2.${n}, ${ip}`), params("signin", "email"))).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it("redirects a plain form post to the error page, and leaves every other next-auth request alone", async () => {
    const email = `${unique("who")}@example.test`;
    for (let n = 0; n < 2; n++) await route(signInRequest(email, unique("ip"), { json: false }), params("signin", "email"));
    const refused = await route(signInRequest(email, unique("ip"), { json: false }), params("signin", "email"));
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toBe("http://127.0.0.1:3999/sign-in/error?error=RateLimited");

    const before = sent.length;
    for (let n = 0; n < 5; n++) {
      const other = await route(new Request("http://127.0.0.1:3999/api/auth/signout", { method: "POST", body: "" }), params("signout"));
      expect(other.status).toBe(200);
    }
    expect(sent.length).toBe(before + 5);
  });
});
