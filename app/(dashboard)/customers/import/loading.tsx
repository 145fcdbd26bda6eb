import { TableSkeleton } from "@/components/dashboard/table-skeleton";

export default function Loading() {
  return <TableSkeleton label="imports" columns={6} rows={4} />;
}
