import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { autoMapColumns, mappingConflicts, parseCsv, rejectedRowsCsv, toImportRows } from "./csv";

describe("parseCsv", () => {
  it("reads UTF-8 with a byte-order mark: the first header is clean", () => {
    const parsed = parseCsv("\uFEFFemail,name\r\nana@acme.test,Ana\r\n");
    expect(parsed.headers).toEqual(["email", "name"]);
    expect(parsed.records).toEqual([["ana@acme.test", "Ana"]]);
    expect(parsed.problems).toEqual([]);
  });

  it("reads semicolon-separated files (with decimal commas inside)", () => {
    const parsed = parseCsv("E-Mail;Firma;Preis\nana@acme.test;Acme GmbH;1200,50\nbo@beta.test;Beta;99\n");
    expect(parsed.delimiter).toBe(";");
    expect(parsed.headers).toEqual(["E-Mail", "Firma", "Preis"]);
    expect(parsed.records).toEqual([
      ["ana@acme.test", "Acme GmbH", "1200,50"],
      ["bo@beta.test", "Beta", "99"],
    ]);
  });

  it("keeps quoted fields whole: separators, doubled quotes and line breaks inside", () => {
    const parsed = parseCsv('name,email,notes\n"Acme, Inc.",ana@acme.test,"She said ""yes""\nthen left"\n');
    expect(parsed.records).toEqual([["Acme, Inc.", "ana@acme.test", 'She said "yes"\nthen left']]);
  });

  it("skips blank lines and names blank headers", () => {
    const parsed = parseCsv("email,\n\nana@acme.test,x\n\n");
    expect(parsed.headers).toEqual(["email", "column 2"]);
    expect(parsed.records).toEqual([["ana@acme.test", "x"]]);
  });

  it("reports a quote left open instead of importing half a file", () => {
    const parsed = parseCsv('email,name\nana@acme.test,"Ana\nbo@beta.test,Bo\n');
    expect(parsed.problems.length).toBeGreaterThan(0);
  });
});

describe("autoMapColumns", () => {
  it("maps headers as CRMs name them, first column per field, the rest to metadata", () => {
    const mapping = autoMapColumns(["Customer ID", "Company Name", "Email Address", "Plan", "Negotiated price", "Currency", "Start date", "End date", "Region", "metadata.crm_id", "E-mail"]);
    expect(mapping).toEqual([
      { target: "id" },
      { target: "name" },
      { target: "email" },
      { target: "plan_id" },
      { target: "price" },
      { target: "currency" },
      { target: "starts_at" },
      { target: "ends_at" },
      { target: "metadata", metadataKey: "Region" },
      { target: "metadata", metadataKey: "crm_id" },
      { target: "metadata", metadataKey: "E-mail" },
    ]);
    expect(mappingConflicts(mapping)).toEqual([]);
  });

  it("finds a field mapped twice", () => {
    expect(mappingConflicts([{ target: "email" }, { target: "email" }, { target: "metadata", metadataKey: "a" }, { target: "metadata", metadataKey: "b" }])).toEqual(["email"]);
  });
});

describe("toImportRows and rejectedRowsCsv", () => {
  const headers = ["id", "email", "region", "junk"];
  const records = [
    ["acme", "ana@acme.test", "EU", "x"],
    ["", "not-an-email", "", "y"],
  ];
  const mapping = [{ target: "id" as const }, { target: "email" as const }, { target: "metadata" as const, metadataKey: "region" }, { target: "ignore" as const }];

  it("turns records into rows, leaving blank cells and ignored columns out", () => {
    expect(toImportRows(records, mapping)).toEqual([{ id: "acme", email: "ana@acme.test", metadata: { region: "EU" } }, { email: "not-an-email" }]);
  });

  it("writes the skipped rows with their original columns and the reason", () => {
    const csv = rejectedRowsCsv(headers, records, [
      { row: 1, outcome: "create", reason: null, message: null, customer_id: null },
      { row: 2, outcome: "skip", reason: "invalid_email", message: "email: not a valid email address", customer_id: null },
    ]);
    expect(Papa.parse(csv).data).toEqual([
      ["row", "id", "email", "region", "junk", "reason", "message"],
      ["2", "", "not-an-email", "", "y", "invalid_email", "email: not a valid email address"],
    ]);
  });
});
