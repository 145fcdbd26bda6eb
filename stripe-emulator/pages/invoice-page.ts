import type Stripe from "stripe";

import type { ModeState } from "../store";
import { escapeHtml, formatAmount, formatDate, renderPage } from "./layout";

const STATUS_LABEL: Record<string, string> = {
  draft: "Draft",
  open: "Open",
  paid: "Paid",
  uncollectible: "Uncollectible",
  void: "Void",
};

function lineRow(line: Stripe.InvoiceLineItem): string {
  const quantity = line.quantity !== null && line.quantity !== 1 ? ` <span class="muted">× ${line.quantity}</span>` : "";
  return `<tr><td>${escapeHtml(line.description ?? "Item")}${quantity}</td><td class="amount">${formatAmount(line.amount, line.currency)}</td></tr>`;
}

/** Stripe's hosted invoice page, reduced to what a customer needs: what, how much, by when, and Pay. */
export function renderInvoicePage(state: ModeState, invoice: Stripe.Invoice, options: { error?: string; notice?: string } = {}): string {
  const status = invoice.status ?? "draft";
  const title = `Invoice ${invoice.number ?? ""}`.trim();
  const discount = (invoice.total_discount_amounts ?? []).reduce((sum, entry) => sum + entry.amount, 0);
  const discountRow =
    discount === 0 ? "" : `<tr><td>Discount</td><td class="amount">−${formatAmount(discount, invoice.currency)}</td></tr>`;
  const due =
    invoice.due_date === null ? "" : `<p>Due <strong data-testid="due-date">${escapeHtml(formatDate(invoice.due_date))}</strong></p>`;
  const notice = options.notice === undefined ? "" : `<p class="notice" role="status">${escapeHtml(options.notice)}</p>`;
  const error = options.error === undefined ? "" : `<div class="error" role="alert">${escapeHtml(options.error)}</div>`;
  const base = `/invoice/${encodeURIComponent(invoice.id)}`;
  const payable = status === "open" || status === "uncollectible";
  const form = payable
    ? `<form method="post" action="${base}/pay">
<label for="card">Card</label>
<input id="card" type="text" value="4242 4242 4242 4242   12 / ${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0")}   CVC 424" disabled>
${error}
<div class="actions">
<button class="primary" type="submit" name="outcome" value="succeed">Pay invoice</button>
<button class="secondary" type="submit" name="outcome" value="decline">Simulate declined card</button>
</div>
</form>`
    : error;
  const body = `<h1>${escapeHtml(title === "Invoice" ? "Invoice" : title)}</h1>
<p class="muted">${escapeHtml(invoice.account_name ?? "")} · billed to ${escapeHtml(invoice.customer_email ?? invoice.customer_name ?? "")}</p>
<p>Status: <strong data-testid="invoice-status">${escapeHtml(STATUS_LABEL[status] ?? status)}</strong></p>
${due}
${notice}
<table>
${invoice.lines.data.map(lineRow).join("\n")}
${discountRow}
<tr class="total"><td>Amount due</td><td class="amount" data-testid="amount-due">${formatAmount(invoice.amount_due, invoice.currency)}</td></tr>
</table>
${form}
<p><a href="${base}/pdf">Download invoice (PDF)</a></p>`;
  return renderPage(title, state.mode, body);
}

/**
 * A minimal valid one-page PDF naming the invoice, its amount and status, so
 * `invoice_pdf` links open something real (no fonts or assets to fetch).
 */
export function renderInvoicePdf(invoice: Stripe.Invoice): Buffer {
  const text = (value: string) => value.replace(/[\\()]/g, (ch) => `\\${ch}`).replace(/[^\x20-\x7e]/g, "?");
  const lines = [
    `Invoice ${invoice.number ?? invoice.id}`,
    `Status: ${invoice.status ?? "draft"}`,
    `Amount due: ${(invoice.amount_due / 100).toFixed(2)} ${invoice.currency.toUpperCase()}`,
    ...(invoice.due_date === null ? [] : [`Due: ${new Date(invoice.due_date * 1000).toISOString().slice(0, 10)}`]),
  ];
  const content = `BT /F1 14 Tf 72 760 Td 18 TL ${lines.map((line) => `(${text(line)}) '`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}
