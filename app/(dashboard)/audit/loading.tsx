import { TableSkeleton } from "@/components/dashboard/table-skeleton";

export default function Loading() {
  return <TableSkeleton label="the audit log" columns={5} rows={8} toolbar />;
}
