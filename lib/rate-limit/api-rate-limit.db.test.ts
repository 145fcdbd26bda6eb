// The per-key quota through the real /v1 wrapper: 429 rate_limited with Retry-After, per key.
import { vi, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApiKey } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { apiRoute } from "@/lib/api/api-route";

vi.hoisted(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "3";
});

const echo = apiRoute({ schema: z.object({ n: z.number() }) }, async ({ body }) => body);

describe("API rate limit (API_RATE_LIMIT_PER_MINUTE)", () => {
  it("answers 429 rate_limited with Retry-After once a key has used its minute's quota, and other keys carry on", async () => {
    const key = await createTestApiKey();
    const other = await createTestApiKey();
    // Aligned so that the four requests fall in one window (a window turning over mid-test would reset the count).
    const secondsIntoMinute = new Date().getSeconds();
    if (secondsIntoMinute > 55) await new Promise((r) => setTimeout(r, (61 - secondsIntoMinute) * 1000));

    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let n = 0; n < 4; n++) {
      const response = await echo(apiRequest("/v1/x", { secret: key.secret, body: { n } }));
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await refused!.json()).toEqual({ code: "rate_limited", message: expect.stringContaining("limit 3 per minute"), env: "sandbox" });
    const retryAfter = Number(refused!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    expect((await echo(apiRequest("/v1/x", { secret: other.secret, body: { n: 1 } }))).status).toBe(200);
  });

  it("counts only authenticated requests: a bad key is refused as such, not rate limited", async () => {
    for (let n = 0; n < 5; n++) {
      const response = await echo(apiRequest("/v1/x", { secret: `am_sk_test_${"x".repeat(42)}`, body: { n } }));
      expect((await response.json()).code).toBe("invalid_secret_key");
    }
  });
});
