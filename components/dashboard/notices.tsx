import { Alert } from "@/components/ui/alert";

/** Shown to staff on admin-managed screens they may only look at. */
export function ReadOnlyNotice({ children }: { children?: React.ReactNode }) {
  return (
    <Alert variant="info" className="mb-4">
      {children ?? "You can look at the catalog; only admins can change it."}
    </Alert>
  );
}

/** Inside forms that change live data: one more reminder where the change is made. */
export function LiveEditNotice({ what }: { what: string }) {
  return (
    <Alert variant="live" title="Live environment">
      You are changing the live {what}. It applies to real customers as soon as you save.
    </Alert>
  );
}
