/**
 * Stored objects are live, mutable records; anything that leaves the emulator
 * (responses, event snapshots) is a deep JSON copy so later mutations cannot
 * leak into it. JSON also turns stripe's Decimal values into the decimal
 * strings the real API sends.
 */
export function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A detached, untyped JSON copy, for diffing. */
export function snapshot(value: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Stripe's `previous_attributes`: for every top-level key that changed, the old
 * value; nested hashes (metadata, invoice_settings) list only their changed
 * keys, with `null` for keys that did not exist before.
 */
export function previousAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const diff: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const oldValue = before[key];
    const newValue = after[key];
    if (JSON.stringify(oldValue) === JSON.stringify(newValue)) continue;
    if (isRecord(oldValue) && isRecord(newValue) && !("object" in oldValue)) {
      diff[key] = previousAttributes(oldValue, newValue);
    } else {
      diff[key] = oldValue === undefined ? null : oldValue;
    }
  }
  return diff;
}
