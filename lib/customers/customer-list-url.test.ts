// The customers list's URL is read by one set of parsers: the page forgives a hand-edited link, the
// table's GET route takes the same query string and refuses what it cannot read.
import { describe, expect, it } from "vitest";
import { isDomainError } from "@/lib/errors";
import { customerListQueryFromRoute, customerListRoutePath, loadCustomerListUrl, toCustomerListQuery, type CustomerListQuery } from "./customer-list-url";

const routeQuery = (path: string) => customerListQueryFromRoute(new URL(path, "http://localhost").searchParams);

describe("the customers list's URL", () => {
  it("round-trips a list request through the route's address", () => {
    const queries: CustomerListQuery[] = [
      { search: "", plan: null, pendingOnly: false, sort: "newest", pageSize: 25, cursor: null },
      { search: "ada lovelace", plan: "pro", pendingOnly: true, sort: "oldest", pageSize: 100, cursor: "abc_-1" },
    ];
    for (const query of queries) expect(routeQuery(customerListRoutePath(query))).toEqual(query);
    expect(customerListRoutePath(queries[0]!)).toBe("/api/dashboard/customers");
  });

  it("reads a page's hand-edited link with defaults for what it cannot read", () => {
    const state = loadCustomerListUrl(new URLSearchParams("q=%20ada%20&size=37&sort=sideways&pending=true"));
    expect(toCustomerListQuery(state)).toEqual({ search: "ada", plan: null, pendingOnly: true, sort: "newest", pageSize: 25, cursor: null });
  });

  it("refuses, on the route, a value it cannot read, naming the parameter", () => {
    for (const [search, field] of [
      ["size=37", "size"],
      ["size=abc", "size"],
      ["sort=sideways", "sort"],
      ["page=x", "page"],
    ] as const) {
      let caught: unknown;
      try {
        customerListQueryFromRoute(new URLSearchParams(search));
      } catch (error) {
        caught = error;
      }
      expect(isDomainError(caught) && caught.code === "invalid_inputs" && caught.field, search).toBe(field);
    }
  });
});
