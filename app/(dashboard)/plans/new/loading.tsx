import { PlanEditorSkeleton } from "@/components/catalog/plan-editor-skeleton";

export default function Loading() {
  return <PlanEditorSkeleton />;
}
