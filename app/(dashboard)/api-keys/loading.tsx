import { TableSkeleton } from "@/components/dashboard/table-skeleton";

export default function Loading() {
  return <TableSkeleton label="API keys" columns={7} rows={4} />;
}
