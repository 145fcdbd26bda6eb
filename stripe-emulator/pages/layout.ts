import type { Mode } from "../mode";

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const ZERO_DECIMAL = new Set([
  "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
]);

/** Amounts are in the currency's minor unit, except for zero-decimal currencies. */
export function formatAmount(amount: number, currency: string): string {
  const major = ZERO_DECIMAL.has(currency.toLowerCase()) ? amount : amount / 100;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(major);
  } catch {
    return `${major.toFixed(2)} ${currency.toUpperCase()}`;
  }
}

export function formatDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  });
}

export function intervalLabel(interval: string, count: number): string {
  return count === 1 ? `per ${interval}` : `every ${count} ${interval}s`;
}

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1a1f36;background:#f6f9fc}
  main{max-width:560px;margin:48px auto;padding:0 16px}
  .card{background:#fff;border-radius:12px;box-shadow:0 2px 5px rgba(60,66,87,.08),0 1px 1px rgba(0,0,0,.06);padding:28px}
  .badge{display:inline-block;font-size:12px;font-weight:600;letter-spacing:.03em;text-transform:uppercase;padding:2px 8px;border-radius:999px;background:#fff3cd;color:#7a5b00}
  .badge.live{background:#ffe3e3;color:#8a1c1c}
  .status{display:inline-block;font-size:12px;font-weight:600;padding:1px 8px;border-radius:999px;background:#e3f2e8;color:#1b6a3a}
  .status.warn{background:#fff3cd;color:#7a5b00}
  .status.off{background:#eceff3;color:#4f566b}
  h1{font-size:22px;margin:12px 0 4px}
  h2{font-size:16px;margin:24px 0 8px}
  .muted{color:#697386;font-size:14px}
  table{width:100%;border-collapse:collapse;margin:16px 0}
  td{padding:8px 0;border-bottom:1px solid #e3e8ee;vertical-align:top}
  td.amount{text-align:right;white-space:nowrap}
  tr.total td{border-bottom:none;font-weight:600;font-size:17px}
  label{display:block;font-size:13px;font-weight:600;margin:14px 0 4px}
  input{width:100%;padding:10px 12px;border:1px solid #cfd7df;border-radius:6px;font:inherit}
  input[disabled]{background:#f6f9fc;color:#4f566b}
  .actions{display:flex;gap:12px;align-items:center;margin-top:20px;flex-wrap:wrap}
  button{font:inherit;font-weight:600;border:0;border-radius:6px;padding:11px 18px;cursor:pointer}
  button.primary{background:#635bff;color:#fff;flex:1}
  button.primary:hover{background:#5046e5}
  button.secondary{background:#fff;color:#4f566b;border:1px solid #cfd7df}
  button.danger{background:#fff;color:#c0123c;border:1px solid #f3b7c3;padding:7px 12px}
  a{color:#635bff;text-decoration:none}
  a:hover{text-decoration:underline}
  .error{background:#fde8ec;color:#8a1c1c;border-radius:6px;padding:10px 12px;margin-top:16px}
  .notice{background:#e8f1fd;color:#1d3f73;border-radius:6px;padding:10px 12px;margin-top:16px}
  .sub{border:1px solid #e3e8ee;border-radius:8px;padding:14px 16px;margin:10px 0}
  .row{display:flex;justify-content:space-between;gap:12px;align-items:center}
  footer{text-align:center;margin-top:16px;font-size:12px;color:#8792a2}
`;

/** Self-contained page: inline CSS, no scripts, no external assets. */
export function renderPage(title: string, mode: Mode | null, body: string): string {
  const badge =
    mode === null ? "" : `<span class="badge${mode === "live" ? " live" : ""}">${mode} mode</span>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="card">
${badge}
${body}
</div>
<footer>Local Stripe emulator — no real payment is made.</footer>
</main>
</body>
</html>
`;
}
