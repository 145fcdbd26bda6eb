import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { Hourglass, Package, Users } from "lucide-react";

const navigation = vi.hoisted(() => ({ pathname: "/customers" }));
vi.mock("next/navigation", () => ({ usePathname: () => navigation.pathname }));
vi.mock("next/link", () => ({ default: ({ prefetch: _prefetch, ...props }: React.ComponentProps<"a"> & { prefetch?: boolean | null }) => <a {...props} /> }));

const { SidebarNav } = await import("./sidebar-nav");

const items = [
  { href: "/customers", label: "Customers", icon: Users },
  { href: "/customers/pending", label: "Pending", icon: Hourglass },
  { href: "/plans", label: "Plans", icon: Package },
];

function activeLinks(pathname: string) {
  navigation.pathname = pathname;
  const { unmount } = render(<SidebarNav items={items} />);
  const active = screen
    .getAllByRole("link")
    .filter((link) => link.getAttribute("aria-current") === "page")
    .map((link) => link.textContent);
  unmount();
  return active;
}

describe("SidebarNav", () => {
  it("marks only the most specific matching item as the current page", () => {
    expect(activeLinks("/customers")).toEqual(["Customers"]);
    expect(activeLinks("/customers/cus_1")).toEqual(["Customers"]);
    expect(activeLinks("/customers/pending")).toEqual(["Pending"]);
    expect(activeLinks("/customers/pending-ish")).toEqual(["Customers"]);
    expect(activeLinks("/plans/pro")).toEqual(["Plans"]);
    expect(activeLinks("/audit")).toEqual([]);
  });
});
