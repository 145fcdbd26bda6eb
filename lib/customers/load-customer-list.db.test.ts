// The customers table's GET route reads its view from the query string: whatever a browser (or
// someone editing the URL) sends, the answer is a page or a clear invalid_inputs error, never a
// 500 from the database.
import { describe, expect, it } from "vitest";
import { toDomainError } from "@/lib/api/error-response";
import { staffCtx } from "@/tests/factories";
import { customerListQueryFromRoute } from "./customer-list-url";
import { loadCustomerList } from "./load-customer-list";

const hostile = [
  "q=%00",
  "q=" + "x".repeat(5000),
  "q=%25_%5C",
  "size=-5",
  "size=abc",
  "size=100000",
  "size=1.5",
  "cursor=not-a-cursor",
  "cursor=" + Buffer.from('{"created_at":"yesterday","id":1}').toString("base64url"),
  "cursor=%00%00",
  "plan=%00",
  "plan=" + "p".repeat(5000),
  "sort=sideways&pending=maybe",
];

describe("the customers table's query string", () => {
  it("answers a page or invalid_inputs for hostile input, never a database error", async () => {
    const ctx = await staffCtx();
    for (const query of hostile) {
      const outcome = await Promise.resolve()
        .then(() => loadCustomerList(ctx, customerListQueryFromRoute(new URLSearchParams(query))))
        .then(
          (page) => ({ ok: Array.isArray(page.rows) }),
          // As the route answers it (errorResponse maps through toDomainError; anything else is a 500).
          (error: unknown) => ({ code: toDomainError(error)?.code ?? `a 500: ${String(error).slice(0, 200)}` }),
        );
      expect([{ ok: true }, { code: "invalid_inputs" }], query.slice(0, 60)).toContainEqual(outcome);
    }
  });
});
