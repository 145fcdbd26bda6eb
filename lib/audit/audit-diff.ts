// A readable before/after comparison of two audit snapshots: both are flattened to dotted paths
// (`items.0.included`) and compared leaf by leaf. Pure, so the browser can use it.
export type AuditDiffRow = {
  path: string;
  before: unknown;
  after: unknown;
  change: "added" | "removed" | "changed" | "unchanged";
};

const ABSENT = Symbol("absent");

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  const isContainer = value !== null && typeof value === "object";
  const entries = isContainer ? Object.entries(value as Record<string, unknown>) : [];
  if (!isContainer || entries.length === 0) {
    into.set(prefix, value);
    return into;
  }
  for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  return into;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Rows in a stable order (paths as they first appear, `before` first). Absent sides are undefined. */
export function diffAuditValues(before: unknown, after: unknown): AuditDiffRow[] {
  const hasBefore = before !== null && before !== undefined;
  const hasAfter = after !== null && after !== undefined;
  const left = hasBefore ? flatten(before, "", new Map()) : new Map<string, unknown>();
  const right = hasAfter ? flatten(after, "", new Map()) : new Map<string, unknown>();
  const paths = [...new Set([...left.keys(), ...right.keys()])];
  return paths.map((path) => {
    const b = left.has(path) ? left.get(path) : ABSENT;
    const a = right.has(path) ? right.get(path) : ABSENT;
    const change = b === ABSENT ? "added" : a === ABSENT ? "removed" : same(a, b) ? "unchanged" : "changed";
    return { path: path || "(value)", before: b === ABSENT ? undefined : b, after: a === ABSENT ? undefined : a, change };
  });
}

/** How one leaf value is shown: strings as they are, the rest as JSON; absent as an em dash. */
export function formatAuditValue(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}
