// The database write that follows a change already made in Stripe (billing.update, billing.attach
// on a subscription): Stripe has changed (and may have invoiced) and cannot simply be taken back,
// so a transient failure of the write — the database briefly away, a deadlock — is retried at once
// rather than answered as an error that leaves Equinox behind Stripe. A refusal (a domain error)
// is not retried: the plans changed meanwhile, and retrying cannot help.
import "server-only";
import { isDatabaseUnavailable, isTransientConflict } from "@/lib/db-errors";

const ATTEMPTS = 4;
const BACKOFF_MS = [100, 400, 1_500] as const;

export async function afterStripe<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= ATTEMPTS || !(isDatabaseUnavailable(error) || isTransientConflict(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS[attempt - 1]));
    }
  }
}
