"use client";
// The upgrade: first what it will cost (previewAttach: Equinox's billing.preview_attach), then,
// once confirmed, the attach itself. A paid plan answers a Stripe Checkout URL, to which the hook
// redirects; a free one is attached at once and the customer's data refreshes.
import { useEffect, useState } from "react";
import type { UseCustomerResult } from "autumn-js/react";
import { day, money } from "./format";
import type { Plan } from "./pricing-table";

type Preview = Awaited<ReturnType<UseCustomerResult["previewAttach"]>>;

export function UpgradeDialog({ plan, customer, onClose }: { plan: Plan; customer: UseCustomerResult; onClose(): void }) {
  const { previewAttach, attach } = customer;
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    let current = true;
    previewAttach({ planId: plan.id })
      .then((answer) => current && setPreview(answer))
      .catch((failure: unknown) => current && setError(messageOf(failure)));
    return () => {
      current = false;
    };
  }, [plan.id, previewAttach]);

  async function confirm() {
    setConfirming(true);
    setError(null);
    try {
      const answer = await attach({ planId: plan.id, successUrl: window.location.href });
      // No payment URL: attached already (the hook refreshed the customer). Otherwise the browser
      // is on its way to Checkout.
      if (!answer.paymentUrl) onClose();
    } catch (failure) {
      setError(messageOf(failure));
      setConfirming(false);
    }
  }

  return (
    <div className="backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="upgrade-title">
        <h2 id="upgrade-title">Switch to {plan.name}</h2>
        {preview ? (
          <>
            <table aria-label="Charges">
              <tbody>
                {preview.lineItems.map((line, index) => (
                  <tr key={index}>
                    <td>{line.displayName || line.description}</td>
                    <td>{money(line.total, preview.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              Due today: <strong>{money(preview.total, preview.currency)}</strong>
            </p>
            {preview.nextCycle ? (
              <p className="muted">
                Then {money(preview.nextCycle.total, preview.currency)} from {day(preview.nextCycle.startsAt)}
              </p>
            ) : null}
          </>
        ) : error ? null : (
          <p className="muted">Working out the price…</p>
        )}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="row">
          <button type="button" className="secondary" onClick={onClose} disabled={confirming}>
            Not now
          </button>
          <button type="button" onClick={confirm} disabled={confirming || !preview}>
            {preview?.redirectToCheckout ? "Continue to payment" : "Confirm"}
          </button>
        </div>
      </div>
    </div>
  );
}

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : "Something went wrong";
}
