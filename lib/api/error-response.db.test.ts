// Text the database cannot store, wherever it slipped past the edges' checks, is answered as the
// caller's mistake (invalid_inputs, 400), through Prisma or the plain pool alike.
import { describe, expect, it } from "vitest";
import { db, pool } from "@/lib/db";
import { errorResponse, toDomainError } from "./error-response";

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("errors from text PostgreSQL cannot store", () => {
  it("become invalid_inputs, not internal errors", async () => {
    const viaPrisma = await refusal(() => db().$queryRaw`select ${"a\u0000b"}::text as t`);
    const viaPool = await refusal(() => pool().query("select $1::text as t", ["a\u0000b"]));
    for (const error of [viaPrisma, viaPool]) {
      expect(error).toBeDefined();
      expect(toDomainError(error)).toMatchObject({ code: "invalid_inputs", message: "Text cannot contain the NUL character (\\u0000)" });
      const response = errorResponse(error, { requestId: "req_test" });
      expect(response.status).toBe(400);
    }
  });
});
