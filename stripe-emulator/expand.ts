import { invalidRequest } from "./errors";
import { isRecord } from "./json";

export interface ExpandSources {
  /** Full JSON of the object behind an id, or undefined if unknown. */
  resolve(id: string): unknown;
  /** Fields Stripe only includes when expanded (e.g. a session's `line_items`). */
  virtual(owner: Record<string, unknown>, field: string): unknown;
}

function expandAt(node: unknown, segments: string[], fullPath: string, sources: ExpandSources): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (Array.isArray(node)) {
    for (const element of node) expandAt(element, segments, fullPath, sources);
    return;
  }
  if (!isRecord(node)) return;
  let child = node[head];
  if (child === undefined) {
    child = sources.virtual(node, head);
    if (child === undefined) {
      throw invalidRequest(`This property cannot be expanded (${fullPath}).`, "expand");
    }
    node[head] = child;
  }
  if (typeof child === "string") {
    const resolved = sources.resolve(child);
    if (resolved !== undefined) {
      node[head] = resolved;
      child = resolved;
    }
  }
  if (Array.isArray(child)) {
    // Lists of ids, such as a subscription's `discounts`, expand element by element.
    const elements: unknown[] = child;
    elements.forEach((element, index) => {
      if (typeof element !== "string") return;
      const resolved = sources.resolve(element);
      if (resolved !== undefined) elements[index] = resolved;
    });
  }
  if (rest.length > 0) expandAt(child, rest, fullPath, sources);
}

/** Applies `expand[]` paths (dot-separated, `data.` for lists) to a JSON response in place. */
export function applyExpand(body: unknown, paths: readonly string[], sources: ExpandSources): void {
  for (const path of paths) {
    const segments = path.split(".");
    // Stripe's four-level limit counts expanded properties, not the `data` hops of lists
    // (`data.line_items.data.price.product` is documented as allowed).
    if (segments.filter((segment) => segment !== "data").length > 4) {
      throw invalidRequest(
        `You cannot expand more than 4 levels of a property. Property: ${path}`,
        "expand",
      );
    }
    expandAt(body, segments, path, sources);
  }
}
