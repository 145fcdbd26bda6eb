"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import dynamic from "next/dynamic";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useQueryStates } from "nuqs";
import { Plus, Upload } from "lucide-react";
import type { Env } from "@/lib/generated/prisma";
import { queryKeys } from "@/lib/query-keys";
import { fetchJson } from "@/components/dashboard/fetch-json";
import { Button } from "@/components/ui/button";
import { Kbd } from "@/components/ui/kbd";
import { PageHeader } from "@/components/ui/page-header";
import { CustomersTable } from "./customers-table";
import { CustomersToolbar, type PlanOption } from "./customers-toolbar";
import { customerListParsers, customerListRoutePath, toCustomerListQuery, toCustomerPageSize, type CustomerListState } from "@/lib/customers/customer-list-url";
import type { CustomerListPage } from "@/lib/customers/customer-list-page";
import { useKeyboardShortcut } from "./use-keyboard-shortcut";

// The create form (react-hook-form and the zod schemas: about a sixth of the page's JavaScript) is
// fetched when it is first opened, not with the page (measured by `npm run bench -- page`).
const CreateCustomerDialog = dynamic(() => import("./create-customer-dialog").then((module) => module.CreateCustomerDialog), { ssr: false });

export type CustomersViewProps = {
  env: Env;
  plans: PlanOption[];
  canCreate: boolean;
  /** Stripe is configured for this environment (the create form then offers to create or link). */
  stripeEnabled: boolean;
};

const SEARCH_DEBOUNCE_MS = 250;

/**
 * The customers page: search as you type, filters, sort and keyset pages, all in the URL (nuqs),
 * read through React Query from the dashboard's GET route (the server prefetches the first view).
 */
export function CustomersView({ env, plans, canCreate, stripeEnabled }: CustomersViewProps) {
  const [state, setState] = useQueryStates(customerListParsers, { history: "replace", scroll: false });
  const query = toCustomerListQuery(state);
  const [createOpen, setCreateOpen] = useState(false);
  // Mounted from its first opening on (it stays, so that it can animate closed).
  const [createWanted, setCreateWanted] = useState(false);
  if (createOpen && !createWanted) setCreateWanted(true);
  // A new key per opening gives the create form a fresh start (and the prefilled email, if any).
  const [createForm, setCreateForm] = useState<{ key: number; email?: string }>({ key: 0 });
  const searchRef = useRef<HTMLInputElement>(null);
  // The cursor each page started at, so "Previous" can go back without a reverse query.
  const pageCursors = useRef(new Map<number, string | null>([[1, null]]));

  const list = useQuery({
    queryKey: queryKeys.customers.list(env, query),
    queryFn: ({ signal }) => fetchJson<CustomerListPage>(customerListRoutePath(query), { signal }),
    placeholderData: keepPreviousData,
  });

  // The search box answers every keystroke at once; the URL (and so the query) follows shortly after.
  const [searchText, setSearchText] = useState(state.q);
  const lastSearchPushed = useRef(state.q);
  // The URL changed under the box (back button, a link), not because of typing: show what is searched.
  useEffect(() => {
    if (state.q === lastSearchPushed.current) return;
    lastSearchPushed.current = state.q;
    setSearchText(state.q);
  }, [state.q]);
  useEffect(() => {
    const next = searchText.trim();
    if (next === state.q.trim()) return;
    const timer = setTimeout(() => {
      lastSearchPushed.current = next;
      void resetTo({ q: next || null });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- resetTo only reads setState
  }, [searchText, state.q]);

  /** A change of what is listed starts again at the first page. */
  function resetTo(change: Partial<{ [K in keyof CustomerListState]: CustomerListState[K] | null }>) {
    pageCursors.current = new Map([[1, null]]);
    return setState({ ...change, cursor: null, page: null });
  }

  function clearFilters() {
    setSearchText("");
    lastSearchPushed.current = "";
    void resetTo({ q: null, plan: null, pending: null });
  }

  function openCreate(email?: string) {
    setCreateForm((previous) => ({ key: previous.key + 1, email }));
    setCreateOpen(true);
  }

  useKeyboardShortcut("c", () => openCreate(), { enabled: canCreate });
  useKeyboardShortcut("/", () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  });

  const filtered = Boolean(query.search || query.plan || query.pendingOnly);

  return (
    <>
      <PageHeader
        title="Customers"
        description="Everyone your application bills or entitles, including customers pre-created for a deal."
        actions={
          canCreate ? (
            <>
              <Button asChild variant="outline">
                <Link href="/customers/import">
                  <Upload aria-hidden="true" />
                  Import
                </Link>
              </Button>
              <Button onClick={() => openCreate()} aria-keyshortcuts="c">
                <Plus aria-hidden="true" />
                New customer
                <Kbd aria-hidden="true" className="ml-1 border-white/25 bg-white/15 text-primary-foreground shadow-none">
                  C
                </Kbd>
              </Button>
            </>
          ) : null
        }
      />
      <CustomersToolbar
        searchRef={searchRef}
        searchText={searchText}
        onSearchTextChange={setSearchText}
        searching={list.isFetching && searchText.trim() === query.search}
        plans={plans}
        plan={query.plan}
        onPlanChange={(plan) => void resetTo({ plan })}
        pendingOnly={query.pendingOnly}
        onPendingOnlyChange={(pending) => void resetTo({ pending: pending || null })}
        filtered={filtered}
        onClear={clearFilters}
      />
      <CustomersTable
        env={env}
        list={list}
        query={query}
        page={state.page}
        filtered={filtered}
        canCreate={canCreate}
        onCreate={openCreate}
        onClearFilters={clearFilters}
        onFirstPage={() => void resetTo({})}
        onSortChange={(sort) => void resetTo({ sort: sort === "newest" ? null : sort })}
        onPageSizeChange={(size) => void resetTo({ size: toCustomerPageSize(size) })}
        onNext={() => {
          const nextCursor = list.data?.nextCursor;
          if (!nextCursor) return;
          const page = state.page + 1;
          pageCursors.current.set(page, nextCursor);
          void setState({ cursor: nextCursor, page }, { history: "push" });
        }}
        onPrevious={() => {
          const page = Math.max(1, state.page - 1);
          // Opened from a link in the middle of the list: the earlier cursors are unknown, start over.
          const known = pageCursors.current.has(page);
          const cursor = known ? (pageCursors.current.get(page) ?? null) : null;
          void setState({ cursor, page: known && page > 1 ? page : null }, { history: "push" });
        }}
      />
      {canCreate ? (
        <p className="mt-3 hidden text-xs text-muted-foreground lg:block">
          Press <Kbd>/</Kbd> to search, <Kbd>C</Kbd> to create a customer. Open a customer by its row, or{" "}
          <Link href="/audit" className="underline underline-offset-2 hover:text-foreground">
            see every change in the audit log
          </Link>
          .
        </p>
      ) : null}
      {canCreate && createWanted ? <CreateCustomerDialog key={createForm.key} env={env} stripeEnabled={stripeEnabled} open={createOpen} onOpenChange={setCreateOpen} defaults={{ email: createForm.email }} /> : null}
    </>
  );
}
