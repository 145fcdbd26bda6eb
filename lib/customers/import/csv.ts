// Reading a customers CSV in the browser (and in tests): UTF-8 with or without a byte-order mark,
// comma, semicolon or tab separated, quoted fields with separators, quotes and line breaks inside
// (papaparse does the parsing); guessing which column is which from its header; turning the
// records into import rows; and writing the rejected rows back out as CSV. Pure: no database.
import Papa from "papaparse";
import type { ImportRowInput, ImportRowResult } from "./schemas";

export const COLUMN_TARGETS = ["id", "name", "email", "plan_id", "price", "currency", "starts_at", "ends_at", "metadata", "ignore"] as const;
export type ColumnTarget = (typeof COLUMN_TARGETS)[number];
/** What one column of the file becomes. A metadata column keeps its values under `metadataKey`. */
export type ColumnMapping = { target: ColumnTarget; metadataKey?: string };

export const TARGET_LABELS: Record<ColumnTarget, string> = {
  id: "Customer id",
  name: "Name",
  email: "Email",
  plan_id: "Plan",
  price: "Negotiated price",
  currency: "Currency",
  starts_at: "Start date",
  ends_at: "End date",
  metadata: "Metadata",
  ignore: "Ignore",
};

export type ParsedCsv = { headers: string[]; records: string[][]; delimiter: string; problems: string[] };

export function parseCsv(text: string): ParsedCsv {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = Papa.parse<string[]>(withoutBom, { delimiter: "", delimitersToGuess: [",", ";", "\t"], skipEmptyLines: "greedy" });
  const [header = [], ...records] = result.data;
  const headers = header.map((cell, index) => cell.trim() || `column ${index + 1}`);
  // A quote left open swallows the rest of the file: say where, rather than import half of it.
  const problems = result.errors.filter((error) => error.type !== "Delimiter").map((error) => `line ${(error.row ?? 0) + 2}: ${error.message}`);
  return { headers, records, delimiter: result.meta.delimiter, problems };
}

// Header names as CRMs export them, compared without case, spaces or punctuation.
const ALIASES: Record<Exclude<ColumnTarget, "metadata" | "ignore">, string[]> = {
  id: ["id", "customerid", "externalid", "userid", "accountid", "clientid"],
  name: ["name", "customername", "company", "companyname", "accountname", "fullname", "organization", "organisation"],
  email: ["email", "emailaddress", "mail", "contactemail", "workemail"],
  plan_id: ["plan", "planid", "product", "productid", "tier"],
  price: ["price", "negotiatedprice", "customprice", "dealprice", "amount", "priceamount"],
  currency: ["currency", "ccy", "currencycode"],
  starts_at: ["start", "startdate", "startsat", "startat", "contractstart", "from"],
  ends_at: ["end", "enddate", "endsat", "endat", "contractend", "until"],
};
const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");
const METADATA_PREFIX = /^(metadata|meta)[._:\s-]+(.+)$/i;

/** The mapping a file's headers suggest: known names to their field (first one wins), every other column to metadata. */
export function autoMapColumns(headers: readonly string[]): ColumnMapping[] {
  const taken = new Set<ColumnTarget>();
  return headers.map((header): ColumnMapping => {
    const prefixed = METADATA_PREFIX.exec(header.trim());
    if (prefixed) return { target: "metadata", metadataKey: prefixed[2]!.trim() };
    const key = squash(header);
    const target = (Object.keys(ALIASES) as (keyof typeof ALIASES)[]).find((field) => ALIASES[field].includes(key));
    if (target && !taken.has(target)) {
      taken.add(target);
      return { target };
    }
    return { target: "metadata", metadataKey: header.trim() };
  });
}

/** Fields mapped by more than one column (the mapping step refuses to go on). */
export function mappingConflicts(mapping: readonly ColumnMapping[]): ColumnTarget[] {
  const counts = new Map<ColumnTarget, number>();
  for (const { target } of mapping) if (target !== "metadata" && target !== "ignore") counts.set(target, (counts.get(target) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([target]) => target);
}

/** The records as import rows (a blank cell is left out, so the field is absent). */
export function toImportRows(records: readonly string[][], mapping: readonly ColumnMapping[]): ImportRowInput[] {
  return records.map((record) => {
    const row: Record<string, string> = {};
    const metadata: Record<string, string> = {};
    mapping.forEach((column, index) => {
      const value = (record[index] ?? "").trim();
      if (value === "" || column.target === "ignore") return;
      if (column.target === "metadata") metadata[column.metadataKey ?? `column_${index + 1}`] = value;
      else row[column.target] = value;
    });
    return { ...row, ...(Object.keys(metadata).length > 0 ? { metadata } : {}) } as ImportRowInput;
  });
}

/** The skipped rows as a CSV file: the original columns, then why each was skipped. */
export function rejectedRowsCsv(headers: readonly string[], records: readonly string[][], results: readonly ImportRowResult[]): string {
  const rejected = results.filter((result) => result.outcome === "skip");
  return Papa.unparse({
    fields: ["row", ...headers, "reason", "message"],
    data: rejected.map((result) => [String(result.row), ...headers.map((_, index) => records[result.row - 1]?.[index] ?? ""), result.reason ?? "", result.message ?? ""]),
  });
}
