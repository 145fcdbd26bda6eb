import { TableSkeleton } from "@/components/dashboard/table-skeleton";

export default function Loading() {
  return <TableSkeleton label="staff" columns={4} rows={4} />;
}
