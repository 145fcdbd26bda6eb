"use client";

import { Search, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Kbd } from "@/components/ui/kbd";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";

/** A plan the list can be filtered by (archived plans stay, customers may still have them). */
export type PlanOption = { id: string; name: string; archived: boolean };

export type CustomersToolbarProps = {
  searchRef: React.Ref<HTMLInputElement>;
  searchText: string;
  onSearchTextChange: (text: string) => void;
  searching: boolean;
  plans: PlanOption[];
  plan: string | null;
  onPlanChange: (plan: string | null) => void;
  pendingOnly: boolean;
  onPendingOnlyChange: (pendingOnly: boolean) => void;
  filtered: boolean;
  onClear: () => void;
};

/** Search (as you type), plan filter and "pending only", above the customer table. */
export function CustomersToolbar(props: CustomersToolbarProps) {
  const { searchRef, searchText, onSearchTextChange, searching, plans, plan, onPlanChange, pendingOnly, onPendingOnlyChange, filtered, onClear } = props;
  return (
    <div role="search" aria-label="Customers" className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-2">
      <div className="relative w-full max-w-sm min-w-56 flex-1">
        <label htmlFor="customer-search" className="sr-only">
          Search customers by id, name or email
        </label>
        <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input
          ref={searchRef}
          id="customer-search"
          type="search"
          value={searchText}
          onChange={(event) => onSearchTextChange(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape" && searchText) {
              event.preventDefault();
              onSearchTextChange("");
            }
          }}
          placeholder="Search id, name or email"
          autoComplete="off"
          spellCheck={false}
          aria-keyshortcuts="/"
          className="pr-9 pl-8 [&::-webkit-search-cancel-button]:hidden"
        />
        <span className="pointer-events-none absolute top-1/2 right-2.5 flex -translate-y-1/2 items-center">
          {searching ? <Spinner size={14} className="text-muted-foreground" /> : searchText ? null : <Kbd aria-hidden="true">/</Kbd>}
        </span>
      </div>
      <div className="flex items-center gap-2">
        <Label htmlFor="customer-plan-filter" className="font-normal text-muted-foreground">
          Plan
        </Label>
        <NativeSelect
          id="customer-plan-filter"
          selectSize="sm"
          wrapperClassName="w-44"
          value={plan ?? ""}
          onChange={(event) => onPlanChange(event.target.value || null)}
        >
          <option value="">All plans</option>
          {plans.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
              {option.archived ? " (archived)" : ""}
            </option>
          ))}
          {plan && !plans.some((option) => option.id === plan) ? <option value={plan}>{plan}</option> : null}
        </NativeSelect>
      </div>
      <div className="flex items-center gap-2">
        <Switch id="customer-pending-filter" size="sm" checked={pendingOnly} onCheckedChange={onPendingOnlyChange} />
        <Label htmlFor="customer-pending-filter" className="font-normal text-muted-foreground">
          Pending only
        </Label>
      </div>
      {filtered ? (
        <Button variant="ghost" size="sm" onClick={onClear} className="text-muted-foreground">
          <X aria-hidden="true" />
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
