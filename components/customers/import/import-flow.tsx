"use client";

import { useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { Download, FileUp, Undo2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { autoMapColumns, parseCsv, rejectedRowsCsv, toImportRows, type ColumnMapping, type ParsedCsv } from "@/lib/customers/import/csv";
import { IMPORT_MAX_ROWS, summarize, type ImportOutcome, type ImportRowResult, type ImportSummary } from "@/lib/customers/import/schemas";
import { applyCustomerImportBatchAction, stageCustomerImportAction, undoCustomerImportAction } from "@/lib/customers/import/actions";
import { queryKeys } from "@/lib/query-keys";
import { ColumnMappingStep } from "./column-mapping-step";

type Step =
  | { name: "upload" }
  | { name: "map"; file: ParsedCsv & { fileName: string }; mapping: ColumnMapping[] }
  | { name: "review"; file: ParsedCsv & { fileName: string }; mapping: ColumnMapping[]; importId: string; results: ImportRowResult[] }
  | { name: "apply"; file: ParsedCsv & { fileName: string }; importId: string; total: number; processed: number; results: ImportRowResult[]; error: string | null }
  | { name: "done"; file: ParsedCsv & { fileName: string }; importId: string; results: ImportRowResult[]; undone: boolean };

export const OUTCOME_LABELS: Record<ImportOutcome, string> = { create_pending: "Create pending", create: "Create with id", update: "Update", skip: "Skip" };
const OUTCOME_BADGES: Record<ImportOutcome, "info" | "success" | "neutral" | "warning"> = { create_pending: "info", create: "success", update: "neutral", skip: "warning" };
const REASON_LABELS: Record<string, string> = {
  pending_email_taken: "Pending email taken",
  invalid_email: "Invalid email",
  unknown_plan: "Unknown plan",
  duplicate_in_file: "Duplicate in the file",
  invalid_row: "Invalid value",
};
const SHOWN_ROWS = 200;

function download(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const rejectedFileName = (fileName: string) => `${fileName.replace(/\.csv$/i, "")}-rejected.csv`;

/** Upload, map, dry run, apply (with progress), and undo: the whole CSV import of customers. */
export function ImportFlow({ env }: { env: "sandbox" | "live" }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ name: "upload" });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  async function readFile(file: File) {
    setError(null);
    const parsed = parseCsv(await file.text());
    if (parsed.problems.length > 0) return setError(`This file could not be read as CSV (${parsed.problems.slice(0, 3).join("; ")}).`);
    if (parsed.records.length === 0) return setError("This file has a header but no rows.");
    if (parsed.records.length > IMPORT_MAX_ROWS) return setError(`This file has ${parsed.records.length.toLocaleString("en-US")} rows; import at most ${IMPORT_MAX_ROWS.toLocaleString("en-US")} at a time.`);
    setStep({ name: "map", file: { ...parsed, fileName: file.name }, mapping: autoMapColumns(parsed.headers) });
  }

  async function dryRun(current: Extract<Step, { name: "map" }>) {
    setPending(true);
    setError(null);
    try {
      const result = await stageCustomerImportAction({ file_name: current.file.fileName, rows: toImportRows(current.file.records, current.mapping) });
      if (!result.ok) return setError(result.error.message);
      setStep({ name: "review", file: current.file, mapping: current.mapping, importId: result.data.import.id, results: result.data.rows });
    } finally {
      setPending(false);
    }
  }

  async function apply(file: ParsedCsv & { fileName: string }, importId: string, total: number, earlier: ImportRowResult[] = []) {
    const results = new Map(earlier.map((row) => [row.row, row]));
    setStep({ name: "apply", file, importId, total, processed: results.size, results: [...results.values()], error: null });
    for (;;) {
      const result = await applyCustomerImportBatchAction({ import_id: importId });
      if (!result.ok) {
        setStep({ name: "apply", file, importId, total, processed: results.size, results: [...results.values()], error: result.error.message });
        return;
      }
      for (const row of result.data.rows) results.set(row.row, row);
      setStep({ name: "apply", file, importId, total, processed: result.data.import.processedRows, results: [...results.values()], error: null });
      if (result.data.done) break;
    }
    const final = [...results.values()].sort((a, b) => a.row - b.row);
    const summary = summarize(final);
    toast.success("Import applied", { description: `${summary.create + summary.create_pending} created, ${summary.update} updated, ${summary.skip} skipped.` });
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers.lists(env) });
    router.refresh();
    setStep({ name: "done", file, importId, results: final, undone: false });
  }

  async function undo(current: Extract<Step, { name: "done" }>) {
    const result = await undoCustomerImportAction({ import_id: current.importId });
    if (!result.ok) {
      toast.error("The import was not undone", { description: result.error.message });
      return false;
    }
    toast.success("Import undone", { description: `${result.data.deleted} customers deleted.` });
    void queryClient.invalidateQueries({ queryKey: queryKeys.customers.lists(env) });
    router.refresh();
    setStep({ ...current, undone: true });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Import a CSV file</CardTitle>
        <CardDescription>
          UTF-8, separated by commas or semicolons, with a header row. Nothing is written until you have seen the dry run.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {error ? (
          <Alert variant="danger" title="Something is wrong">
            {error}
          </Alert>
        ) : null}

        {step.name === "upload" ? (
          <div className="flex flex-col items-start gap-3 rounded-lg border border-dashed border-input p-6">
            <p className="text-sm text-muted-foreground">
              Columns such as id, name, email, plan, price, currency, start and end dates are recognised by their header; any other column can become metadata.
            </p>
            <input
              ref={fileInput}
              id="customer-import-file"
              type="file"
              accept=".csv,text/csv"
              className="sr-only"
              aria-label="CSV file"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void readFile(file);
                event.target.value = "";
              }}
            />
            <Button variant="outline" onClick={() => fileInput.current?.click()}>
              <FileUp aria-hidden="true" />
              Choose a CSV file
            </Button>
          </div>
        ) : null}

        {step.name === "map" ? (
          <>
            <p className="text-sm text-muted-foreground">
              <span className="font-medium text-foreground">{step.file.fileName}</span>: {step.file.records.length.toLocaleString("en-US")} rows, separated by{" "}
              {step.file.delimiter === ";" ? "semicolons" : step.file.delimiter === "\t" ? "tabs" : "commas"}.
            </p>
            <ColumnMappingStep
              headers={step.file.headers}
              samples={step.file.records.slice(0, 5)}
              mapping={step.mapping}
              onMappingChange={(mapping) => setStep({ ...step, mapping })}
              onBack={() => setStep({ name: "upload" })}
              onContinue={() => void dryRun(step)}
              pending={pending}
            />
          </>
        ) : null}

        {step.name === "review" ? (
          <>
            <SummaryBadges summary={summarize(step.results)} />
            <ResultsTable results={step.results} file={step.file} />
            <div className="flex flex-wrap justify-between gap-2">
              <div className="flex gap-2">
                <Button variant="outline" onClick={() => setStep({ name: "map", file: step.file, mapping: step.mapping })}>
                  Back to mapping
                </Button>
                <RejectedDownload file={step.file} results={step.results} />
              </div>
              <Button
                onClick={() => void apply(step.file, step.importId, step.results.length)}
                disabled={step.results.every((row) => row.outcome === "skip")}
              >
                Apply {(step.results.length - summarize(step.results).skip).toLocaleString("en-US")} rows
              </Button>
            </div>
          </>
        ) : null}

        {step.name === "apply" ? (
          <div className="grid gap-3">
            <ImportProgress processed={step.processed} total={step.total} />
            {step.error ? (
              <Alert variant="danger" title="A batch was not applied">
                {step.error} Every batch already applied is complete; nothing of this one was written.
                <div className="mt-2">
                  <Button size="sm" variant="outline" onClick={() => void apply(step.file, step.importId, step.total, step.results)}>
                    Continue
                  </Button>
                </div>
              </Alert>
            ) : (
              <p className="text-sm text-muted-foreground">You can leave this page: every batch is written whole, and the import can be continued from its history.</p>
            )}
          </div>
        ) : null}

        {step.name === "done" ? (
          <>
            <Alert variant={step.undone ? "info" : "success"} title={step.undone ? "Import undone" : "Import applied"}>
              {step.undone ? "The customers this import created were deleted." : "The customers are in the list now."}
            </Alert>
            <SummaryBadges summary={summarize(step.results)} />
            <div className="flex flex-wrap gap-2">
              <Button asChild variant="outline">
                <Link href="/customers">View customers</Link>
              </Button>
              <RejectedDownload file={step.file} results={step.results} />
              {!step.undone ? (
                <ConfirmDialog
                  trigger={
                    <Button variant="outline">
                      <Undo2 aria-hidden="true" />
                      Undo import
                    </Button>
                  }
                  title="Undo this import?"
                  description="The customers it created are deleted, with their plans. Customers it updated keep their changes. Refused once one of them has been claimed or billed."
                  confirmLabel="Undo import"
                  onConfirm={() => undo(step)}
                />
              ) : null}
              <Button variant="ghost" onClick={() => setStep({ name: "upload" })}>
                Import another file
              </Button>
            </div>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}

export function ImportProgress({ processed, total }: { processed: number; total: number }) {
  const percent = total === 0 ? 100 : Math.round((processed / total) * 100);
  return (
    <div className="grid gap-1.5">
      <div className="flex justify-between text-[13px]">
        <span className="text-muted-foreground">Applying</span>
        <span className="numeric">
          {processed.toLocaleString("en-US")} / {total.toLocaleString("en-US")} rows
        </span>
      </div>
      <div role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={total} aria-valuenow={processed} className="h-2 overflow-hidden rounded-full bg-muted">
        <div className="h-full rounded-full bg-primary transition-[width] duration-300" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function SummaryBadges({ summary }: { summary: ImportSummary }) {
  return (
    <ul aria-label="Summary" className="flex flex-wrap gap-2">
      {(["create_pending", "create", "update", "skip"] as const).map((outcome) => (
        <li key={outcome}>
          <Badge variant={OUTCOME_BADGES[outcome]}>
            {OUTCOME_LABELS[outcome]}: {summary[outcome].toLocaleString("en-US")}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

function RejectedDownload({ file, results }: { file: ParsedCsv & { fileName: string }; results: ImportRowResult[] }) {
  const count = results.filter((row) => row.outcome === "skip").length;
  if (count === 0) return null;
  return (
    <Button variant="outline" onClick={() => download(rejectedFileName(file.fileName), rejectedRowsCsv(file.headers, file.records, results))}>
      <Download aria-hidden="true" />
      Download {count.toLocaleString("en-US")} rejected rows
    </Button>
  );
}

function ResultsTable({ results, file }: { results: ImportRowResult[]; file: ParsedCsv }) {
  const [filter, setFilter] = useState<ImportOutcome | "all">("all");
  const shown = results.filter((row) => filter === "all" || row.outcome === filter);
  const emailColumn = file.headers.findIndex((header) => /e-?mail/i.test(header));
  const idColumn = file.headers.findIndex((header) => /^(customer[\s_-]?)?id$/i.test(header.trim()));
  return (
    <div className="grid gap-2">
      <div role="group" aria-label="Show rows" className="flex flex-wrap gap-1">
        {(["all", "create_pending", "create", "update", "skip"] as const).map((value) => (
          <Button key={value} size="sm" variant={filter === value ? "secondary" : "ghost"} aria-pressed={filter === value} onClick={() => setFilter(value)}>
            {value === "all" ? "All" : OUTCOME_LABELS[value]}
          </Button>
        ))}
      </div>
      <Table aria-label="Dry run">
        <TableHeader>
          <TableRow>
            <TableHead align="right">Row</TableHead>
            <TableHead>Id</TableHead>
            <TableHead>Email</TableHead>
            <TableHead>What will happen</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.slice(0, SHOWN_ROWS).map((row) => {
            const record = file.records[row.row - 1] ?? [];
            return (
              <TableRow key={row.row}>
                <TableCell numeric>{row.row}</TableCell>
                <TableCell>{idColumn >= 0 ? record[idColumn] : ""}</TableCell>
                <TableCell>{emailColumn >= 0 ? record[emailColumn] : ""}</TableCell>
                <TableCell>
                  <Badge variant={OUTCOME_BADGES[row.outcome]}>{row.outcome === "skip" && row.reason ? `Skip: ${REASON_LABELS[row.reason]}` : OUTCOME_LABELS[row.outcome]}</Badge>
                  {row.message ? <span className="ml-2 text-[13px] text-muted-foreground">{row.message}</span> : null}
                  {row.duplicate_of ? (
                    <span className="ml-2 text-[13px] text-warning-ink">
                      Email already used by{" "}
                      <Link href={`/customers/${row.duplicate_of}`} className="underline underline-offset-2" target="_blank">
                        another customer
                      </Link>
                    </span>
                  ) : null}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {shown.length > SHOWN_ROWS ? (
        <p className="text-[13px] text-muted-foreground">
          The first {SHOWN_ROWS} of {shown.length.toLocaleString("en-US")} rows are shown; the rejected rows download in full.
        </p>
      ) : null}
    </div>
  );
}
