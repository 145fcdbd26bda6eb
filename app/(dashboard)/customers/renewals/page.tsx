import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { requireStaffPage } from "@/lib/auth/session";
import { listRenewals } from "@/lib/billing/contracts/list-renewals";
import { listOwnerOptions } from "@/lib/customers/customer-owner";
import { loadRenewalsUrl } from "@/lib/billing/views/renewals-url";
import { toRenewalViewRow } from "@/lib/billing/views/renewal-view";
import { RenewalsView } from "@/components/billing/renewals-view";

export const metadata: Metadata = { title: "Renewals" };

/** Server-rendered from the URL's filters (a link reproduces the view). */
export default async function RenewalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await requireStaffPage();
  const state = await loadRenewalsUrl(searchParams);
  const now = new Date();
  const ownerId = state.owner === "me" ? ctx.actor.userId : state.owner || undefined;
  const [rows, owners] = await Promise.all([
    listRenewals(ctx, { withinDays: state.within, onEnd: state.end ?? undefined, ownerId }, { now }),
    listOwnerOptions(ctx),
  ]);
  const labels = new Map(owners.map((owner) => [owner.id, owner.label]));
  return <RenewalsView state={state} rows={rows.map((row) => toRenewalViewRow(row, now, labels))} owners={owners} />;
}
