import { describe, expect, it } from "vitest";
import { loadPendingListUrl, pendingListHref, toPendingListInput } from "./pending-list-url";

describe("the Pending view's URL state", () => {
  it("reads a link back into the same view, leaving defaults out of the address", async () => {
    expect(pendingListHref({ owner: null, age: 0, sort: "age", dir: "desc", page: 1 })).toBe("/customers/pending");
    const href = pendingListHref({ owner: "me", age: 30, sort: "invited", dir: "asc", page: 2 });
    expect(href).toBe("/customers/pending?owner=me&age=30&sort=invited&dir=asc&page=2");
    const state = loadPendingListUrl(new URL(href, "http://x").searchParams);
    expect(toPendingListInput(state)).toEqual({ owner: "me", min_age_days: 30, sort: "invited", dir: "asc", page: 2 });
  });

  it("forgives a hand-edited value (it reads as the default)", () => {
    const state = loadPendingListUrl(new URLSearchParams("age=5&sort=drop&dir=up&page=-3"));
    expect(toPendingListInput(state)).toEqual({ owner: null, min_age_days: 0, sort: "age", dir: "desc", page: 1 });
  });
});
