// API_RATE_LIMIT_PER_MINUTE=0 turns the per-key quota off (a gateway in front limits already, or
// `npm run bench -- api --rate-limit=off` measures what the limit costs).
import { vi, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApiKey } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { apiRoute } from "@/lib/api/api-route";

vi.hoisted(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "0";
});

const echo = apiRoute({ schema: z.object({ n: z.number() }) }, async ({ body }) => body);

describe("API rate limit turned off (API_RATE_LIMIT_PER_MINUTE=0)", () => {
  it("answers every request of a key, however many", async () => {
    const key = await createTestApiKey();
    const statuses = new Set<number>();
    for (let n = 0; n < 30; n++) statuses.add((await echo(apiRequest("/v1/x", { secret: key.secret, body: { n } }))).status);
    expect([...statuses]).toEqual([200]);
  });
});
