import { describe, expect, it } from "vitest";
import { inputShapeProblem, MAX_JSON_DEPTH } from "./input-limits";

const nested = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);

describe("input shape limits", () => {
  it("accepts ordinary input, including astral characters and emoji", () => {
    expect(inputShapeProblem({ customer_id: "user_1", name: "Zoë 😀 ｆｕｌｌ", metadata: { a: [1, { b: "c" }] } })).toBeUndefined();
    expect(inputShapeProblem(nested(MAX_JSON_DEPTH - 1))).toBeUndefined();
  });

  it("refuses nesting beyond the limit without recursing (a 100 000-level body is answered, not a stack overflow)", () => {
    expect(inputShapeProblem(nested(MAX_JSON_DEPTH + 1))?.message).toMatch(/nested too deeply \(at most 32 levels\)/);
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
    expect(inputShapeProblem({ metadata: deep })).toMatchObject({ code: "invalid_inputs", field: expect.stringMatching(/^metadata/) });
  });

  it("refuses NUL characters and unpaired surrogates in values and keys, naming the field", () => {
    expect(inputShapeProblem({ name: "a\u0000b" })).toMatchObject({ code: "invalid_inputs", message: "name: cannot contain the NUL character (\\u0000)" });
    // A key that is not field-like is not echoed (the fuzzer found one carrying SQL text into the message).
    expect(inputShapeProblem({ metadata: { "1; SELECT pg_sleep(10)": "\u0000" } })?.message).toBe("a field: cannot contain the NUL character (\\u0000)");
    expect(inputShapeProblem({ metadata: { plan_tier: "\u0000" } })?.message).toBe("metadata.plan_tier: cannot contain the NUL character (\\u0000)");
    expect(inputShapeProblem({ metadata: { note: "x\ud800" } })?.message).toBe("metadata.note: is not valid Unicode text (unpaired surrogate)");
    expect(inputShapeProblem({ metadata: { "k\udfff": 1 } })?.message).toBe("metadata: a key is not valid Unicode text (unpaired surrogate)");
    expect(inputShapeProblem({ [`${"k".repeat(500)}`]: "\u0000" })?.message.length).toBeLessThan(140);
  });
});
