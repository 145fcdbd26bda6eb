import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

const router = vi.hoisted(() => ({ push: vi.fn(), prefetch: vi.fn(), refresh: vi.fn(), replace: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => router }));
// next/link needs the app router's context in a real app: a plain anchor that shows the prefetch prop.
vi.mock("next/link", () => ({
  default: ({ prefetch, ...props }: React.ComponentProps<"a"> & { prefetch?: boolean | null }) => <a data-prefetch={String(prefetch)} {...props} />,
}));

const { TableLinkRow, TableRowLink } = await import("./table-link-row");

function renderRow() {
  return render(
    <table>
      <tbody>
        <TableLinkRow href="/customers/cus_1">
          <td>
            <TableRowLink>Acme</TableRowLink>
          </td>
          <td>Active</td>
        </TableLinkRow>
      </tbody>
    </table>,
  );
}

describe("TableLinkRow", () => {
  it("prefetches the row's page on intent (pointer on the row, focus on its link), not on sight", async () => {
    const user = userEvent.setup();
    renderRow();
    const link = screen.getByRole("link", { name: "Acme" });
    expect(link.getAttribute("data-prefetch")).toBe("false");
    expect(router.prefetch).not.toHaveBeenCalled();

    await user.hover(screen.getByText("Active"));
    expect(router.prefetch).toHaveBeenCalledWith("/customers/cus_1");

    router.prefetch.mockClear();
    link.focus();
    expect(router.prefetch).toHaveBeenCalledWith("/customers/cus_1");
  });

  it("opens the page when the row is clicked", async () => {
    const user = userEvent.setup();
    renderRow();
    await user.click(screen.getByText("Active"));
    expect(router.push).toHaveBeenCalledWith("/customers/cus_1");
  });
});
