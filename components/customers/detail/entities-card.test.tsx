import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { EntitiesCard } from "./entities-card";

describe("EntitiesCard", () => {
  it("says there are none yet, and how they are made", () => {
    render(<EntitiesCard entities={{ entities: [], total: 0 }} />);
    expect(screen.getByText("No entities")).toBeTruthy();
    expect(screen.getByText(/entities\.create/)).toBeTruthy();
    expect(screen.queryByRole("table", { name: "Entities" })).toBeNull();
  });

  it("lists each entity with its feature and its own balances, and how many more there are", () => {
    render(
      <EntitiesCard
        entities={{
          total: 3,
          entities: [
            {
              id: "seat_1",
              name: "Alice",
              featureId: "seats",
              featureName: "Seats",
              createdAt: "2026-11-30T10:00:00.000Z",
              balances: [{ featureId: "messages", featureName: "Messages", granted: 50, usage: 12, remaining: 38, unlimited: false }],
            },
            { id: "seat_2", name: null, featureId: "seats", featureName: "Seats", createdAt: "2026-12-01T10:00:00.000Z", balances: [] },
          ],
        }}
      />,
    );
    const rows = within(screen.getByRole("table", { name: "Entities" })).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toContain("Alice");
    expect(rows[1]!.textContent).toContain("Messages 12 of 50 used");
    expect(rows[2]!.textContent).toContain("seat_2");
    expect(rows[2]!.textContent).toContain("None");
    expect(screen.getByText(/and 1 more/)).toBeTruthy();
  });
});
