// Attempts with invalid or unknown keys, per client address, through the real /v1 wrapper:
// past the limit the address's invalid keys are 429 rate_limited with Retry-After (a malformed one
// before any database work), its valid keys still served; other addresses carry on;
// X-Forwarded-For counts only when trusted.
import { vi, describe, expect, it } from "vitest";
import { z } from "zod";
import { pool } from "@/lib/db";
import { createTestApiKey } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { apiRoute } from "@/lib/api/api-route";
import { apiClientAddress, recordSocketAddress, SOCKET_ADDRESS_HEADER } from "./client-address";
import { BatchedCounters } from "./shared-counters";

vi.hoisted(() => {
  process.env.API_INVALID_KEY_LIMIT_PER_MINUTE = "3";
});

const echo = apiRoute({ schema: z.object({ n: z.number() }) }, async ({ body }) => body);
const unknownKey = `am_sk_test_${"x".repeat(42)}`;
const from = (address: string | undefined, secret: string, headers: Record<string, string> = {}) =>
  recordSocketAddress(apiRequest("/v1/x", { secret, body: { n: 1 }, headers }), address);
const randomAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

/** Four requests must fall in one window: a window turning over mid-test would reset the count. */
async function startOfWindow() {
  const secondsIntoMinute = new Date().getSeconds();
  if (secondsIntoMinute > 50) await new Promise((r) => setTimeout(r, (61 - secondsIntoMinute) * 1000));
}

describe("invalid keys per client address (API_INVALID_KEY_LIMIT_PER_MINUTE)", () => {
  it("answers an address's invalid keys 429 rate_limited with Retry-After once it has sent its minute's worth, a malformed one without touching the database, and still serves a valid key", async () => {
    await startOfWindow();
    const address = randomAddress();
    const valid = await createTestApiKey();
    const statuses: number[] = [];
    for (const secret of [unknownKey, "am_sk_test_short", unknownKey]) statuses.push((await echo(from(address, secret))).status);
    expect(statuses).toEqual([401, 401, 401]);

    const query = vi.spyOn(pool(), "query");
    const malformed = await echo(from(address, "am_sk_test_short", { "x-forwarded-for": "192.0.2.1" }));
    expect(query).not.toHaveBeenCalled();
    query.mockRestore();
    const refused = await echo(from(address, unknownKey));
    expect(malformed.status).toBe(429);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ code: "rate_limited", message: expect.stringContaining("invalid secret key from this address (limit 3 per minute)") });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Someone else behind the same address, with a valid key, is served.
    expect((await echo(from(address, valid.secret))).status).toBe(200);

    // Another address is not concerned, with a valid key or an invalid one.
    const other = `${address}0`;
    expect((await echo(from(other, valid.secret))).status).toBe(200);
    expect((await (await echo(from(other, unknownKey))).json()).code).toBe("invalid_secret_key");
    // A missing key costs no lookup and is not counted.
    for (let n = 0; n < 4; n++) expect((await echo(recordSocketAddress(apiRequest("/v1/x", { body: { n } }), other))).status).toBe(401);
    expect((await echo(from(other, valid.secret))).status).toBe(200);
  });

  it("valid keys are never counted", async () => {
    await startOfWindow();
    const address = randomAddress();
    const valid = await createTestApiKey();
    for (let n = 0; n < 6; n++) expect((await echo(from(address, valid.secret))).status).toBe(200);
  });

  it("holds across instances: another instance's counts reach this one with its first flush", async () => {
    await startOfWindow();
    const bucket = `api-invalid-key:test-${randomAddress()}-${Date.now()}`;
    const a = new BatchedCounters();
    const b = new BatchedCounters();
    for (let n = 0; n < 3; n++) expect(a.hit(bucket, 3, 60_000).allowed).toBe(true);
    await a.flush();
    expect(b.peek(bucket, 3, 60_000).allowed).toBe(true); // b has not heard yet
    b.hit(bucket, 3, 60_000);
    await b.flush();
    expect(b.peek(bucket, 3, 60_000).allowed).toBe(false);
  });
});

describe("the API's client address", () => {
  const request = (xff?: string) => apiRequest("/v1/x", { headers: xff ? { "x-forwarded-for": xff } : {} });

  it("reads the socket address serve.mjs stamps on what it hands to Next.js, and a client's own header never", () => {
    const stamped = (value: string) => new Request("http://x/v1/x", { headers: { [SOCKET_ADDRESS_HEADER]: value } });
    const flags = globalThis as { __equinoxStampsSocketAddress?: boolean };
    expect(apiClientAddress(stamped("::ffff:10.0.0.7"), 0)).toBeNull(); // next start: the client's header
    flags.__equinoxStampsSocketAddress = true;
    try {
      expect(apiClientAddress(stamped("::ffff:10.0.0.7"), 0)).toBe("10.0.0.7");
      expect(apiClientAddress(recordSocketAddress(stamped("10.0.0.7"), "10.0.0.9"), 0)).toBe("10.0.0.9"); // the lean path's own
      expect(apiClientAddress(stamped(""), 0)).toBeNull();
    } finally {
      delete flags.__equinoxStampsSocketAddress;
    }
  });

  it("is the socket's, X-Forwarded-For ignored, unless proxies are trusted", () => {
    expect(apiClientAddress(recordSocketAddress(request("1.1.1.1"), "::ffff:10.0.0.9"), 0)).toBe("10.0.0.9");
    expect(apiClientAddress(request("1.1.1.1"), 0)).toBeNull();
    expect(apiClientAddress(recordSocketAddress(request("6.6.6.6, 1.1.1.1, 2.2.2.2"), "10.0.0.9"), 1)).toBe("2.2.2.2");
    expect(apiClientAddress(recordSocketAddress(request("6.6.6.6, 1.1.1.1, 2.2.2.2"), "10.0.0.9"), 2)).toBe("1.1.1.1");
    expect(apiClientAddress(recordSocketAddress(request("2.2.2.2"), "10.0.0.9"), 2)).toBe("2.2.2.2");
    expect(apiClientAddress(recordSocketAddress(request(), "10.0.0.9"), 1)).toBe("10.0.0.9");
  });
});
