"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { History } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { CustomerImportView } from "@/lib/customers/import/customer-imports";
import { applyCustomerImportBatchAction, undoCustomerImportAction } from "@/lib/customers/import/actions";
import { ImportProgress } from "./import-flow";

const STATUS: Record<CustomerImportView["status"], { label: string; variant: "neutral" | "info" | "success" | "warning" | "pending" }> = {
  staged: { label: "Dry run only", variant: "pending" },
  applying: { label: "Stopped part way", variant: "warning" },
  applied: { label: "Applied", variant: "success" },
  undone: { label: "Undone", variant: "neutral" },
};

const when = (iso: string) => new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" });

/** The environment's latest imports: how far each got, and continue or undo. */
export function ImportHistory({ imports, canWrite }: { imports: CustomerImportView[]; canWrite: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Recent imports</CardTitle>
        <CardDescription>An import can be undone while none of the customers it created has been claimed or billed.</CardDescription>
      </CardHeader>
      <CardContent>
        {imports.length === 0 ? (
          <EmptyState icon={History} title="No imports yet" description="Imports from this page and from /v1/customers.import show here." />
        ) : (
          <Table aria-label="Recent imports">
            <TableHeader>
              <TableRow>
                <TableHead>File</TableHead>
                <TableHead>Status</TableHead>
                <TableHead align="right">Created</TableHead>
                <TableHead align="right">Updated</TableHead>
                <TableHead align="right">Skipped</TableHead>
                <TableHead>By</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {imports.map((item) => (
                <ImportHistoryRow key={item.id} item={item} canWrite={canWrite} />
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function ImportHistoryRow({ item, canWrite }: { item: CustomerImportView; canWrite: boolean }) {
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const status = STATUS[item.status];

  async function resume() {
    setProgress(item.processedRows);
    try {
      for (;;) {
        const result = await applyCustomerImportBatchAction({ import_id: item.id });
        if (!result.ok) {
          toast.error("The import did not continue", { description: result.error.message });
          return;
        }
        setProgress(result.data.import.processedRows);
        if (result.data.done) break;
      }
      toast.success("Import applied");
    } finally {
      setProgress(null);
      router.refresh();
    }
  }

  async function undo() {
    const result = await undoCustomerImportAction({ import_id: item.id });
    if (!result.ok) {
      toast.error("The import was not undone", { description: result.error.message });
      return false;
    }
    toast.success("Import undone", { description: `${result.data.deleted} customers deleted.` });
    router.refresh();
  }

  return (
    <TableRow>
      <TableCell>
        <div className="font-medium">{item.fileName ?? (item.source === "api" ? "API request" : "Untitled")}</div>
        <div className="text-[13px] text-muted-foreground">
          {when(item.createdAt)} · {item.totalRows.toLocaleString("en-US")} rows
        </div>
      </TableCell>
      <TableCell>
        {progress !== null ? (
          <ImportProgress processed={progress} total={item.totalRows} />
        ) : (
          <Badge variant={status.variant}>
            {status.label}
            {item.status === "applying" ? ` (${item.processedRows.toLocaleString("en-US")} of ${item.totalRows.toLocaleString("en-US")})` : ""}
          </Badge>
        )}
      </TableCell>
      <TableCell numeric>{item.created.toLocaleString("en-US")}</TableCell>
      <TableCell numeric>{item.updated.toLocaleString("en-US")}</TableCell>
      <TableCell numeric>{item.skipped.toLocaleString("en-US")}</TableCell>
      <TableCell className="text-muted-foreground">{item.createdBy}</TableCell>
      <TableCell>
        {canWrite && item.status !== "undone" ? (
          <div className="flex justify-end gap-1">
            {item.status === "applying" ? (
              <Button size="sm" variant="outline" onClick={() => void resume()} loading={progress !== null}>
                Continue
              </Button>
            ) : null}
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="ghost" disabled={progress !== null}>
                  Undo
                </Button>
              }
              title="Undo this import?"
              description="The customers it created are deleted, with their plans. Customers it updated keep their changes. Refused once one of them has been claimed or billed."
              confirmLabel="Undo import"
              onConfirm={undo}
            />
          </div>
        ) : null}
      </TableCell>
    </TableRow>
  );
}
