import type Stripe from "stripe";

import { invalidRequest } from "./errors";
import type { Params } from "./params";

interface Listable {
  id: string;
  created?: number;
}

function createdFilter(params: Params): (created: number) => boolean {
  if (!params.has("created")) return () => true;
  if (typeof params.raw.created === "string") {
    const exact = params.integer("created");
    return (created) => created === exact;
  }
  const range = params.object("created");
  const gt = range?.integer("gt");
  const gte = range?.integer("gte");
  const lt = range?.integer("lt");
  const lte = range?.integer("lte");
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}

/**
 * Cursor pagination with Stripe's semantics. `items` must already be in
 * Stripe's list order (newest first); the cursors are object ids.
 */
export function paginate<T extends Listable>(
  items: readonly T[],
  params: Params,
  url: string,
): Stripe.ApiList<T> {
  const limit = params.integer("limit", { min: 1, max: 100 }) ?? 10;
  const startingAfter = params.string("starting_after");
  const endingBefore = params.string("ending_before");
  const inRange = createdFilter(params);
  const filtered = items.filter((item) => item.created === undefined || inRange(item.created));

  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw invalidRequest(
      "You may only specify one of these parameters: ending_before, starting_after.",
      "ending_before",
      "parameters_exclusive",
    );
  }
  let page: T[];
  let hasMore: boolean;
  if (endingBefore !== undefined) {
    const index = filtered.findIndex((item) => item.id === endingBefore);
    const before = index < 0 ? [] : filtered.slice(0, index);
    page = before.slice(Math.max(0, before.length - limit));
    hasMore = before.length > limit;
  } else {
    const index =
      startingAfter === undefined ? -1 : filtered.findIndex((item) => item.id === startingAfter);
    const after = startingAfter !== undefined && index < 0 ? [] : filtered.slice(index + 1);
    page = after.slice(0, limit);
    hasMore = after.length > limit;
  }
  return { object: "list", data: page, has_more: hasMore, url };
}

export function newestFirst<T>(values: Iterable<T>): T[] {
  return [...values].reverse();
}
