import { useState } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import { renderWithProviders } from "@/tests/dom/render";
import { autoMapColumns, type ColumnMapping } from "@/lib/customers/import/csv";

const stageCustomerImportAction = vi.hoisted(() => vi.fn());
vi.mock("@/lib/customers/import/actions", () => ({ stageCustomerImportAction, applyCustomerImportBatchAction: vi.fn(), undoCustomerImportAction: vi.fn() }));
vi.mock("next/navigation", () => ({ useRouter: () => ({ push: vi.fn(), refresh: vi.fn(), replace: vi.fn(), prefetch: vi.fn() }) }));
vi.mock("@/components/ui/toaster", () => ({ toast: { success: vi.fn(), info: vi.fn(), error: vi.fn() } }));

const { ColumnMappingStep } = await import("./column-mapping-step");
const { ImportFlow } = await import("./import-flow");

const headers = ["Customer ID", "Email", "Company", "Region"];
const samples = [["acme", "ana@acme.test", "Acme", "EU"]];

function Harness({ onContinue = vi.fn() }: { onContinue?: () => void }) {
  const [mapping, setMapping] = useState<ColumnMapping[]>(autoMapColumns(headers));
  return <ColumnMappingStep headers={headers} samples={samples} mapping={mapping} onMappingChange={setMapping} onBack={vi.fn()} onContinue={onContinue} />;
}

describe("ColumnMappingStep", () => {
  it("suggests a field per header, with unknown columns as metadata under their header", () => {
    renderWithProviders(<Harness />);
    expect((screen.getByLabelText("Import “Customer ID” as") as HTMLSelectElement).value).toBe("id");
    expect((screen.getByLabelText("Import “Email” as") as HTMLSelectElement).value).toBe("email");
    expect((screen.getByLabelText("Import “Company” as") as HTMLSelectElement).value).toBe("name");
    expect((screen.getByLabelText("Import “Region” as") as HTMLSelectElement).value).toBe("metadata");
    expect((screen.getByLabelText("Metadata key for “Region”") as HTMLInputElement).value).toBe("Region");
    expect(within(screen.getByRole("table", { name: "Column mapping" })).getByText("ana@acme.test")).toBeTruthy();
  });

  it("refuses to go on while a field is mapped twice, or nothing identifies a customer", async () => {
    const onContinue = vi.fn();
    const { user } = renderWithProviders(<Harness onContinue={onContinue} />);
    await user.selectOptions(screen.getByLabelText("Import “Company” as"), "email");
    expect(screen.getByText("A field is mapped twice")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Dry run" }) as HTMLButtonElement).disabled).toBe(true);

    await user.selectOptions(screen.getByLabelText("Import “Company” as"), "ignore");
    await user.selectOptions(screen.getByLabelText("Import “Customer ID” as"), "ignore");
    await user.selectOptions(screen.getByLabelText("Import “Email” as"), "metadata");
    expect(screen.getByText("Map a customer id or an email")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Dry run" }) as HTMLButtonElement).disabled).toBe(true);

    await user.selectOptions(screen.getByLabelText("Import “Email” as"), "email");
    await user.click(screen.getByRole("button", { name: "Dry run" }));
    expect(onContinue).toHaveBeenCalledTimes(1);
  });
});

describe("ImportFlow", () => {
  beforeEach(() => stageCustomerImportAction.mockReset());

  it("reads a semicolon file with a BOM, and the dry run gets the rows as mapped", async () => {
    stageCustomerImportAction.mockResolvedValue({
      ok: true,
      data: {
        import: { id: "imp_1" },
        summary: { total: 2, create: 1, create_pending: 0, update: 0, skip: 1 },
        rows: [
          { row: 1, outcome: "create", reason: null, message: null, customer_id: null },
          { row: 2, outcome: "skip", reason: "invalid_email", message: "email: not a valid email address", customer_id: null },
        ],
      },
    });
    const { user } = renderWithProviders(<ImportFlow env="sandbox" />);
    const file = new File(["\uFEFFid;email;Region\nacme;ana@acme.test;EU\n;bad;\n"], "deals.csv", { type: "text/csv" });
    await user.upload(screen.getByLabelText("CSV file"), file);
    await screen.findByRole("table", { name: "Column mapping" });
    await user.selectOptions(screen.getByLabelText("Import “Region” as"), "ignore");
    await user.click(screen.getByRole("button", { name: "Dry run" }));

    await waitFor(() => expect(stageCustomerImportAction).toHaveBeenCalledTimes(1));
    expect(stageCustomerImportAction).toHaveBeenCalledWith({ file_name: "deals.csv", rows: [{ id: "acme", email: "ana@acme.test" }, { email: "bad" }] });
    expect(await screen.findByText("Skip: Invalid email")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Download 1 rejected rows" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Apply 1 rows" })).toBeTruthy();
  });
});
