import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { requireStaffPage } from "@/lib/auth/session";
import { listPendingCustomers } from "@/lib/customers/pending-customers";
import { listOwnerOptions } from "@/lib/customers/customer-owner";
import { loadPendingListUrl, toPendingListInput } from "@/lib/customers/pending-list-url";
import { PendingView } from "@/components/customers/follow-up/pending-view";

export const metadata: Metadata = { title: "Pending customers" };

/** Server-rendered from the URL's filters and sort (a link reproduces the view). */
export default async function PendingCustomersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffPage();
  const state = await loadPendingListUrl(searchParams);
  const [page, owners] = await Promise.all([listPendingCustomers(ctx, toPendingListInput(state)), listOwnerOptions(ctx)]);
  return <PendingView state={state} page={page} owners={owners} />;
}
