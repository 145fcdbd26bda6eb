// Limits on the shape of JSON input that no schema states but the stack underneath needs:
// - depth: recursive code (hashing a body for Idempotency-Key, serialising metadata, zod) runs out
//   of stack on a body nested thousands of levels deep, which turns a 1 MB request into a 500;
// - the NUL character: PostgreSQL cannot store U+0000 in text or jsonb, and refuses the statement;
// - unpaired UTF-16 surrogates (`"\ud800"` is valid JSON but no Unicode text): the database
//   client refuses to serialise them.
// Checked once, iteratively, on the parsed request before anything else looks at it.
import { DomainError } from "@/lib/errors";

export const MAX_JSON_DEPTH = 32;

const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function textProblem(value: string): string | undefined {
  if (value.includes("\u0000")) return "cannot contain the NUL character (\\u0000)";
  if (UNPAIRED_SURROGATE.test(value)) return "is not valid Unicode text (unpaired surrogate)";
  return undefined;
}

type Frame = { value: unknown; path: string; depth: number };

// The field named in a message. The path is made of the client's own keys: it is named only when
// it looks like a field name (and is short), since a hostile key could carry anything, at any
// length, into the answer and the logs.
const shown = (path: string) => (!path ? "body" : /^[\w.-]{1,80}$/.test(path) ? path : "a field");

/** The first problem in `input`, as an invalid_inputs error naming the field, or undefined. */
export function inputShapeProblem(input: unknown): DomainError | undefined {
  const stack: Frame[] = [{ value: input, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) return new DomainError("invalid_inputs", `${shown(path)}: ${problem}`, { field: path || undefined });
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) return new DomainError("invalid_inputs", `${shown(path)}: nested too deeply (at most ${MAX_JSON_DEPTH} levels)`, { field: path || undefined });
    const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
    for (const [key, item] of entries) {
      const problem = textProblem(key);
      if (problem) return new DomainError("invalid_inputs", `${shown(path)}: a key ${problem}`, { field: path || undefined });
      stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
}

export function assertInputShape(input: unknown): void {
  const problem = inputShapeProblem(input);
  if (problem) throw problem;
}
