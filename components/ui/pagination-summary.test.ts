import { describe, expect, it } from "vitest";
import { paginationSummary } from "./pagination-summary";

const customers = { one: "customer", other: "customers" };

describe("paginationSummary", () => {
  it("says how many when everything is on the page, singular for one", () => {
    expect(paginationSummary({ offset: 0, count: 1, total: 1, noun: customers })).toBe("Showing 1 customer");
    expect(paginationSummary({ offset: 0, count: 7, total: 7, noun: customers })).toBe("Showing 7 customers");
  });

  it("gives the range and the total when there are more", () => {
    expect(paginationSummary({ offset: 0, count: 20, total: 45, noun: customers })).toBe("Showing 1–20 of 45 customers");
    expect(paginationSummary({ offset: 40, count: 5, total: 45, noun: customers })).toBe("Showing 41–45 of 45 customers");
    expect(paginationSummary({ offset: 1000, count: 20, total: 1234, noun: customers })).toBe("Showing 1,001–1,020 of 1,234 customers");
  });

  it("never writes a range of one (\"11–11\")", () => {
    expect(paginationSummary({ offset: 10, count: 1, total: 11, noun: customers })).toBe("Showing 11 of 11 customers");
    expect(paginationSummary({ offset: 10, count: 1, noun: customers })).toBe("Showing customer 11");
  });

  it("gives the range alone while the total is unknown (keyset pages with more to come)", () => {
    expect(paginationSummary({ offset: 0, count: 10, noun: customers })).toBe("Showing 1–10 customers");
  });

  it("says there is nothing", () => {
    expect(paginationSummary({ offset: 0, count: 0, total: 0, noun: customers })).toBe("No customers");
    expect(paginationSummary({ offset: 0, count: 0 })).toBe("No results");
  });
});
