import qs from "qs";

import { invalidRequest, parameterMissing, parameterUnknown } from "./errors";

export type RawParams = Record<string, unknown>;

/**
 * stripe-node encodes nested objects as `a[b][c]=v` and arrays as `a[0]=v`.
 * The limits are raised above qs' defaults because Stripe accepts up to 100
 * line items and metadata nested five levels deep (line_items → price_data →
 * product_data → metadata → key); qs would otherwise silently turn large
 * arrays into objects and deep keys into literal strings.
 */
export function parseForm(input: string): RawParams {
  if (input === "") return {};
  return qs.parse(input, {
    depth: 12,
    arrayLimit: 1000,
    parameterLimit: 10_000,
    allowPrototypes: false,
    plainObjects: true,
  }) as RawParams;
}

export interface MetadataUpdate {
  /** `metadata=` (empty) clears every key, as Stripe does. */
  clear: boolean;
  set: Record<string, string>;
  unset: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Typed, path-aware access to form params: every validation failure names the
 * exact Stripe-style param path (e.g. `line_items[0][price_data][currency]`),
 * which is what callers see in `err.param`.
 */
export class Params {
  private constructor(
    private readonly values: Record<string, unknown>,
    private readonly prefix: string,
  ) {}

  static of(values: RawParams): Params {
    return new Params(values, "");
  }

  path(key: string): string {
    return this.prefix === "" ? key : `${this.prefix}[${key}]`;
  }

  get raw(): Record<string, unknown> {
    return this.values;
  }

  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  keys(): string[] {
    return Object.keys(this.values);
  }

  /** Stripe rejects unknown top-level params, which catches typos early. */
  allowOnly(allowed: readonly string[]): void {
    for (const key of this.keys()) {
      if (!allowed.includes(key)) throw parameterUnknown(this.path(key));
    }
  }

  /** Params Stripe accepts but whose behaviour the emulator does not model. */
  rejectUnsupported(unsupported: readonly string[]): void {
    for (const key of unsupported) {
      if (this.has(key)) {
        throw invalidRequest(
          `The Stripe emulator does not support \`${this.path(key)}\` on this endpoint.`,
          this.path(key),
        );
      }
    }
  }

  string(key: string): string | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") {
      throw invalidRequest(`Invalid string: ${JSON.stringify(value)}`, this.path(key));
    }
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") throw parameterMissing(this.path(key));
    return value;
  }

  /** Stripe treats `param=` on nullable fields as "set to null". */
  nullableString(key: string): string | null | undefined {
    const value = this.string(key);
    if (value === "") return null;
    return value;
  }

  integer(key: string, range: { min?: number; max?: number } = {}): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw invalidRequest(`Invalid integer: ${value}`, this.path(key), "parameter_invalid_integer");
    }
    const n = Number(value);
    if (range.min !== undefined && n < range.min) {
      throw invalidRequest(
        `This value must be greater than or equal to ${range.min}.`,
        this.path(key),
        "parameter_invalid_integer",
      );
    }
    if (range.max !== undefined && n > range.max) {
      throw invalidRequest(
        `This value must be less than or equal to ${range.max}.`,
        this.path(key),
        "parameter_invalid_integer",
      );
    }
    return n;
  }

  boolean(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value === "true") return true;
    if (value === "false") return false;
    throw invalidRequest(`Invalid boolean: ${value}`, this.path(key));
  }

  enumOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      throw invalidRequest(
        `Invalid ${this.path(key)}: must be one of ${allowed.join(", ")}`,
        this.path(key),
      );
    }
    return match;
  }

  object(key: string): Params | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (!isRecord(value)) throw invalidRequest("Invalid hash", this.path(key));
    return new Params(value, this.path(key));
  }

  /** qs yields either a real array or, for sparse indexes, an index-keyed object. */
  array(key: string): Params[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    const entries = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : null;
    if (entries === null) throw invalidRequest("Invalid array", this.path(key));
    return entries.map((entry, index) => {
      if (!isRecord(entry)) throw invalidRequest("Invalid hash", `${this.path(key)}[${index}]`);
      return new Params(entry, `${this.path(key)}[${index}]`);
    });
  }

  stringArray(key: string): string[] | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    const entries = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [value];
    return entries.map((entry, index) => {
      if (typeof entry !== "string") {
        throw invalidRequest("Invalid string", `${this.path(key)}[${index}]`);
      }
      return entry;
    });
  }

  metadata(key = "metadata"): MetadataUpdate | undefined {
    const value = this.values[key];
    if (value === undefined) return undefined;
    if (value === "") return { clear: true, set: {}, unset: [] };
    if (!isRecord(value)) throw invalidRequest("Invalid hash", this.path(key));
    const update: MetadataUpdate = { clear: false, set: {}, unset: [] };
    for (const [metaKey, metaValue] of Object.entries(value)) {
      const param = `${this.path(key)}[${metaKey}]`;
      if (typeof metaValue !== "string") {
        throw invalidRequest("Metadata values must be strings.", param);
      }
      if (metaKey.length > 40) {
        throw invalidRequest("Metadata keys can have up to 40 characters.", param);
      }
      if (metaValue.length > 500) {
        throw invalidRequest("Metadata values can have up to 500 characters.", param);
      }
      if (metaValue === "") update.unset.push(metaKey);
      else update.set[metaKey] = metaValue;
    }
    return update;
  }
}

export function applyMetadata(
  current: Record<string, string> | null,
  update: MetadataUpdate | undefined,
  param = "metadata",
): Record<string, string> {
  const next: Record<string, string> = update?.clear ? {} : { ...(current ?? {}) };
  if (update !== undefined) {
    for (const key of update.unset) delete next[key];
    Object.assign(next, update.set);
  }
  if (Object.keys(next).length > 50) {
    throw invalidRequest("You can have up to 50 metadata keys.", param);
  }
  return next;
}

export function expandPaths(params: Params): string[] {
  return params.stringArray("expand") ?? [];
}

const URL_PATTERN = /^https?:\/\/[^\s]+$/i;

export function validateUrl(params: Params, key: string): string | undefined {
  const value = params.string(key);
  if (value === undefined) return undefined;
  if (!URL_PATTERN.test(value)) {
    throw invalidRequest("Not a valid URL", params.path(key), "url_invalid");
  }
  return value;
}
