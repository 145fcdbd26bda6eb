import Link from "next/link";
import { InteractiveMarker } from "@/components/ui/interactive-marker";

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-6 px-6">
      <InteractiveMarker />
      <div className="space-y-2">
        <p className="text-sm font-medium text-muted-foreground">Equinox</p>
        <h1 className="text-2xl font-semibold tracking-tight">Billing and entitlements for your customers</h1>
        <p className="text-muted-foreground">
          Keep a record of your customers, the plans each one has and the features they may use, and bill them through Stripe.
        </p>
      </div>
      <div className="flex gap-3">
        <Link className="rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground" href="/customers">
          Open the dashboard
        </Link>
        <Link className="rounded-md border border-border px-4 py-2 text-sm font-medium" href="/portal">
          Customer portal
        </Link>
      </div>
    </main>
  );
}
