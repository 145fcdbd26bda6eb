"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { COLUMN_TARGETS, TARGET_LABELS, mappingConflicts, type ColumnMapping, type ColumnTarget } from "@/lib/customers/import/csv";

export type ColumnMappingStepProps = {
  headers: string[];
  /** The first records of the file, for the sample column. */
  samples: string[][];
  mapping: ColumnMapping[];
  onMappingChange: (mapping: ColumnMapping[]) => void;
  onBack: () => void;
  onContinue: () => void;
  /** The dry run is running. */
  pending?: boolean;
};

/** Which field each column of the file becomes; suggested from the headers, changeable per column. */
export function ColumnMappingStep({ headers, samples, mapping, onMappingChange, onBack, onContinue, pending = false }: ColumnMappingStepProps) {
  const conflicts = mappingConflicts(mapping);
  const mapped = new Set(mapping.map((column) => column.target));
  const identifies = mapped.has("id") || mapped.has("email");
  const blankKeys = mapping.some((column) => column.target === "metadata" && !column.metadataKey?.trim());
  const canContinue = conflicts.length === 0 && identifies && !blankKeys && !pending;

  const setColumn = (index: number, next: ColumnMapping) => onMappingChange(mapping.map((column, i) => (i === index ? next : column)));

  return (
    <div className="grid gap-4">
      <Table aria-label="Column mapping">
        <TableHeader>
          <TableRow>
            <TableHead>Column in the file</TableHead>
            <TableHead>Sample</TableHead>
            <TableHead>Import as</TableHead>
            <TableHead>Metadata key</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {headers.map((header, index) => {
            const column = mapping[index] ?? { target: "ignore" as const };
            const sample = samples.map((record) => record[index] ?? "").find((value) => value.trim() !== "") ?? "";
            return (
              <TableRow key={`${index}-${header}`}>
                <TableCell className="font-medium">{header}</TableCell>
                <TableCell className="max-w-56 truncate text-muted-foreground" title={sample}>
                  {sample || <span className="italic">empty</span>}
                </TableCell>
                <TableCell>
                  <NativeSelect
                    selectSize="sm"
                    wrapperClassName="w-44"
                    aria-label={`Import “${header}” as`}
                    value={column.target}
                    onChange={(event) => {
                      const target = event.target.value as ColumnTarget;
                      setColumn(index, target === "metadata" ? { target, metadataKey: column.metadataKey ?? header } : { target });
                    }}
                  >
                    {COLUMN_TARGETS.map((target) => (
                      <option key={target} value={target}>
                        {TARGET_LABELS[target]}
                      </option>
                    ))}
                  </NativeSelect>
                </TableCell>
                <TableCell>
                  {column.target === "metadata" ? (
                    <Input
                      className="h-8 w-44"
                      aria-label={`Metadata key for “${header}”`}
                      value={column.metadataKey ?? ""}
                      onChange={(event) => setColumn(index, { target: "metadata", metadataKey: event.target.value })}
                    />
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {conflicts.length > 0 ? (
        <Alert variant="danger" title="A field is mapped twice">
          {conflicts.map((target) => TARGET_LABELS[target]).join(", ")}: choose one column for each.
        </Alert>
      ) : null}
      {!identifies ? (
        <Alert variant="warning" title="Map a customer id or an email">
          Every customer needs an id or an email (a customer without an id is matched by email when the person signs up).
        </Alert>
      ) : null}
      {blankKeys ? <Alert variant="warning">Give every metadata column a key.</Alert> : null}
      <div className="flex justify-between gap-2">
        <Button variant="outline" onClick={onBack} disabled={pending}>
          Choose another file
        </Button>
        <Button onClick={onContinue} disabled={!canContinue} loading={pending}>
          Dry run
        </Button>
      </div>
    </div>
  );
}
