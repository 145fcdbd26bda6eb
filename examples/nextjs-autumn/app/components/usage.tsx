"use client";
// The metered features' usage (the customer's balances, from the hook), and a button that uses one:
// this app's /api/use checks and tracks on the server, then the balances are read again.
import { useState } from "react";
import type { UseCustomerResult } from "autumn-js/react";

type Customer = NonNullable<UseCustomerResult["data"]>;

export function Usage({ customer, onUsed }: { customer: Customer; onUsed(): Promise<unknown> }) {
  const metered = Object.values(customer.balances).filter((balance) => !balance.unlimited && balance.feature?.type !== "boolean");
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function use(featureId: string) {
    setBusy(featureId);
    setMessage(null);
    try {
      const response = await fetch("/api/use", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ featureId }) });
      if (!response.ok) setMessage(((await response.json().catch(() => ({}))) as { message?: string }).message ?? `Refused (${response.status})`);
      await onUsed();
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-labelledby="usage-heading">
      <h2 id="usage-heading">Usage</h2>
      {metered.length === 0 ? <p className="muted">Nothing metered on your plan.</p> : null}
      <ul className="grid" aria-label="Usage">
        {metered.map((balance) => {
          const name = balance.feature?.name ?? balance.featureId;
          return (
            <li key={balance.featureId} className="card" aria-label={name}>
              <h3>{name}</h3>
              <p>
                <strong>{balance.usage}</strong> used of {balance.granted} · {balance.remaining} left
              </p>
              <button type="button" onClick={() => use(balance.featureId)} disabled={busy !== null}>
                Use one {name.toLowerCase()}
              </button>
            </li>
          );
        })}
      </ul>
      {message ? (
        <p className="error" role="alert">
          {message}
        </p>
      ) : null}
    </section>
  );
}
