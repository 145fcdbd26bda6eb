import type { Metadata } from "next";
import { requireStaffPage } from "@/lib/auth/session";
import { listFeatures } from "@/lib/features/list-features";
import { PlanEditor } from "@/components/catalog/plan-editor";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New plan" };

export default async function NewPlanPage() {
  const ctx = await requireStaffPage("admin");
  const features = await listFeatures(ctx);
  return (
    <>
      <PageHeader title="New plan" back={{ href: "/plans", label: "Plans" }} />
      <PlanEditor env={ctx.env} features={features} />
    </>
  );
}
