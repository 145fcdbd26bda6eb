import { invalidRequest } from "./errors";

export type FailureMode = "500" | "timeout" | "refuse";

export const FAILURE_MODES: readonly FailureMode[] = ["500", "timeout", "refuse"];

export interface FailureSpec {
  /** How many matching requests fail. Default 1. */
  count?: number;
  mode: FailureMode;
  /** A string is a path prefix (e.g. "/v1/customers"); a RegExp is tested against the path. */
  path?: RegExp | string;
  /** Only requests with this HTTP method (case-insensitive). */
  method?: string;
  /** Let this many matching requests through first (the failure hits a later step of a sequence). Default 0. */
  after?: number;
}

interface Rule {
  remaining: number;
  mode: FailureMode;
  path: RegExp | string | undefined;
  method: string | undefined;
  after: number;
}

export class FailureInjector {
  private rules: Rule[] = [];

  add(spec: FailureSpec): void {
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error("failNext: count must be a positive integer");
    const after = spec.after ?? 0;
    if (!Number.isInteger(after) || after < 0) throw new Error("failNext: after must be a non-negative integer");
    if (!FAILURE_MODES.includes(spec.mode)) {
      throw new Error(`failNext: mode must be one of ${FAILURE_MODES.join(", ")}`);
    }
    this.rules.push({
      remaining: count,
      mode: spec.mode,
      path: spec.path,
      method: spec.method?.toUpperCase(),
      after,
    });
  }

  /** Consumes one failure from the first rule matching this request, if any. */
  take(method: string, path: string): FailureMode | null {
    const rule = this.rules.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method === method.toUpperCase()) &&
        (candidate.path === undefined ||
          (typeof candidate.path === "string"
            ? path.startsWith(candidate.path)
            : candidate.path.test(path))),
    );
    if (rule === undefined) return null;
    if (rule.after > 0) {
      rule.after -= 1;
      return null;
    }
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return rule.mode;
  }

  clear(): void {
    this.rules = [];
  }

  describe(): { remaining: number; after: number; mode: FailureMode; path: string | null; method: string | null }[] {
    return this.rules.map((rule) => ({
      remaining: rule.remaining,
      after: rule.after,
      mode: rule.mode,
      path: rule.path === undefined ? null : String(rule.path),
      method: rule.method ?? null,
    }));
  }
}

/** Validates the JSON body of `POST /_emulator/fail`. */
export function failureSpecFromJson(body: unknown): FailureSpec {
  if (typeof body !== "object" || body === null) throw invalidRequest("Expected a JSON object");
  const raw = body as Record<string, unknown>;
  const mode = String(raw.mode ?? "");
  const match = FAILURE_MODES.find((candidate) => candidate === mode);
  if (match === undefined) {
    throw invalidRequest(`mode must be one of ${FAILURE_MODES.join(", ")}`, "mode");
  }
  const count = raw.count === undefined ? 1 : Number(raw.count);
  if (!Number.isInteger(count) || count < 1) throw invalidRequest("count must be a positive integer", "count");
  const after = raw.after === undefined ? 0 : Number(raw.after);
  if (!Number.isInteger(after) || after < 0) throw invalidRequest("after must be a non-negative integer", "after");
  const spec: FailureSpec = { count, mode: match, after };
  if (typeof raw.path === "string") spec.path = raw.path;
  else if (typeof raw.pathPattern === "string") {
    try {
      spec.path = new RegExp(raw.pathPattern);
    } catch {
      throw invalidRequest("pathPattern is not a valid regular expression", "pathPattern");
    }
  }
  if (typeof raw.method === "string") spec.method = raw.method;
  return spec;
}
