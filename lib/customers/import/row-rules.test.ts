import { describe, expect, it } from "vitest";
import { classifyRows, judgeRow, parsePrice, type ImportLookups } from "./row-rules";

const now = new Date("2026-12-01T00:00:00Z");
const lookups = (overrides: Partial<ImportLookups> = {}): ImportLookups => ({
  existingIds: new Map(),
  pendingEmails: new Map(),
  plans: new Set(["pro"]),
  importId: null,
  ...overrides,
});

describe("parsePrice", () => {
  it.each([
    ["1200", 120000],
    ["1200.5", 120050],
    ["1,200.50", 120050],
    ["1200,50", 120050],
    ["1.200,50", 120050],
    ["1 200", 120000],
    [99.99, 9999],
  ] as const)("reads %s as %i minor units", (input, minor) => {
    expect(parsePrice(input)).toEqual({ amount: minor });
  });

  it.each(["-5", "12.345", "ten", ""])("refuses %s", (input) => {
    expect(parsePrice(input)).toHaveProperty("problem");
  });
});

describe("judgeRow", () => {
  it("takes a full row", () => {
    const judged = judgeRow({ id: "acme", name: " Acme ", email: "Ana@Acme.test", plan_id: "pro", price: "1200", currency: "EUR", starts_at: "2027-01-01", ends_at: "2028-01-01", metadata: { region: "EU", blank: "" } }, now);
    expect(judged).toEqual({
      ok: true,
      row: {
        externalId: "acme",
        name: "Acme",
        email: "Ana@Acme.test",
        emailNormalized: "ana@acme.test",
        planId: "pro",
        priceAmount: 120000,
        currency: "eur",
        startsAt: new Date("2027-01-01T00:00:00Z"),
        endsAt: new Date("2028-01-01T00:00:00Z"),
        metadata: { region: "EU" },
      },
    });
  });

  it("skips an invalid email, and a row with neither id nor email, as invalid_email", () => {
    expect(judgeRow({ email: "nope" }, now)).toMatchObject({ ok: false, reason: "invalid_email", message: "email: not a valid email address" });
    expect(judgeRow({ name: "No one" }, now)).toMatchObject({ ok: false, reason: "invalid_email", message: expect.stringMatching(/^email: required for a customer without an id/) });
  });

  it("skips other bad values as invalid_row, naming the field", () => {
    expect(judgeRow({ id: "a.b", email: "a@b.test" }, now)).toMatchObject({ reason: "invalid_row", message: expect.stringMatching(/^id: cannot contain '\.'/) });
    expect(judgeRow({ email: "a@b.test", plan_id: "pro", price: "abc" }, now)).toMatchObject({ reason: "invalid_row", message: expect.stringMatching(/^price:/) });
    expect(judgeRow({ email: "a@b.test", plan_id: "pro", starts_at: "31/01/2027" }, now)).toMatchObject({ reason: "invalid_row", message: expect.stringMatching(/^starts_at:/) });
    expect(judgeRow({ email: "a@b.test", plan_id: "pro", ends_at: "2020-01-01" }, now)).toMatchObject({ reason: "invalid_row", message: expect.stringMatching(/^ends_at:/) });
    expect(judgeRow({ email: "a@b.test", price: "10" }, now)).toMatchObject({ reason: "invalid_row", message: expect.stringMatching(/^plan_id:/) });
    expect(judgeRow({ email: "a@b.test", name: "nul\u0000" }, now)).toMatchObject({ reason: "invalid_row", message: expect.stringMatching(/NUL/) });
  });
});

describe("classifyRows", () => {
  const judge = (...rows: Parameters<typeof judgeRow>[0][]) => rows.map((row) => judgeRow(row, now));

  it("decides create, create_pending, update and every skip", () => {
    const result = classifyRows(
      judge(
        { id: "new", email: "n@x.test" },
        { email: "pending@x.test" },
        { id: "old", name: "Old Co" },
        { email: "taken@x.test" },
        { email: "bad" },
        { id: "x1", plan_id: "enterprise" },
        { id: "new", email: "again@x.test" },
        { email: "PENDING@x.test" },
      ),
      lookups({ existingIds: new Map([["old", { customerId: "cus_old", importId: null }]]), pendingEmails: new Map([["taken@x.test", { customerId: "cus_t", importId: null }]]) }),
    );
    expect(result.map((r) => (r.outcome === "skip" ? `skip:${r.reason}` : r.outcome))).toEqual([
      "create",
      "create_pending",
      "update",
      "skip:pending_email_taken",
      "skip:invalid_email",
      "skip:unknown_plan",
      "skip:duplicate_in_file",
      "skip:duplicate_in_file",
    ]);
    expect(result[2]).toMatchObject({ customerId: "cus_old" });
  });

  it("counts a row an earlier batch of the same import wrote as a duplicate in the file", () => {
    const result = classifyRows(judge({ id: "a" }, { email: "p@x.test" }), lookups({ importId: "imp_1", existingIds: new Map([["a", { customerId: "cus_a", importId: "imp_1" }]]), pendingEmails: new Map([["p@x.test", { customerId: "cus_p", importId: "imp_1" }]]) }));
    expect(result.map((r) => (r.outcome === "skip" ? r.reason : r.outcome))).toEqual(["duplicate_in_file", "duplicate_in_file"]);
  });

  it("lets a later row win an id or email when the first one is skipped", () => {
    const result = classifyRows(judge({ email: "p@x.test", plan_id: "nope" }, { email: "p@x.test" }), lookups());
    expect(result.map((r) => r.outcome)).toEqual(["skip", "create_pending"]);
  });
});
