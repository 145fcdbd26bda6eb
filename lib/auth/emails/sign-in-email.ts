// The sign-in and invitation emails: one layout, a plain-text twin for every HTML message, no
// images or external resources (they are blocked by most mail clients anyway).
export type SignInEmailInput = {
  url: string;
  /** The host the link points at, shown so the reader can tell it is genuine. */
  host: string;
  expiresInText: string;
};

export type InvitationEmailInput = SignInEmailInput & { invitedBy: string; role: "admin" | "staff" };

export type RenderedEmail = { subject: string; text: string; html: string };

export function signInEmail({ url, host, expiresInText }: SignInEmailInput): RenderedEmail {
  return {
    subject: "Your Equinox sign-in link",
    text: [
      "Sign in to Equinox",
      "",
      "Open this link to sign in:",
      url,
      "",
      `The link works once and expires in ${expiresInText}. It signs you in to ${host}.`,
      "If you did not ask for it, ignore this email: nobody can sign in without the link.",
    ].join("\n"),
    html: layout({
      heading: "Sign in to Equinox",
      intro: "Click the button below to sign in.",
      buttonLabel: "Sign in",
      url,
      footer: `The link works once and expires in ${expiresInText}. It signs you in to ${host}. If you did not ask for it, ignore this email: nobody can sign in without the link.`,
    }),
  };
}

export function invitationEmail({ url, host, expiresInText, invitedBy, role }: InvitationEmailInput): RenderedEmail {
  const roleText = role === "admin" ? "an admin" : "a staff member";
  return {
    subject: "You are invited to the Equinox dashboard",
    text: [
      `${invitedBy} invited you to the Equinox dashboard as ${roleText}.`,
      "",
      "Open this link to sign in:",
      url,
      "",
      `The link works once and expires in ${expiresInText}. Afterwards, sign in at ${new URL(url).origin}/sign-in with this email address.`,
    ].join("\n"),
    html: layout({
      heading: "You are invited to Equinox",
      intro: `${invitedBy} invited you to the Equinox dashboard as ${roleText}.`,
      buttonLabel: "Accept and sign in",
      url,
      footer: `The link works once and expires in ${expiresInText}. Afterwards, sign in at ${host} with this email address.`,
    }),
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function layout(input: { heading: string; intro: string; buttonLabel: string; url: string; footer: string }): string {
  const url = escapeHtml(input.url);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(input.heading)}</title></head>
<body style="margin:0;padding:0;background:#fafafa;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#18181b">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#fafafa;padding:32px 16px">
    <tr><td align="center">
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:480px;background:#ffffff;border:1px solid #e4e4e7;border-radius:12px">
        <tr><td style="padding:32px 32px 8px 32px">
          <p style="margin:0 0 24px 0;font-size:15px;font-weight:600;color:#4f46e5">Equinox</p>
          <h1 style="margin:0 0 8px 0;font-size:20px;line-height:28px;font-weight:600">${escapeHtml(input.heading)}</h1>
          <p style="margin:0 0 24px 0;font-size:14px;line-height:20px;color:#3f3f46">${escapeHtml(input.intro)}</p>
          <p style="margin:0 0 24px 0"><a href="${url}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;font-size:14px;font-weight:600;padding:10px 18px;border-radius:6px">${escapeHtml(input.buttonLabel)}</a></p>
          <p style="margin:0 0 8px 0;font-size:12px;line-height:18px;color:#65656e">If the button does not work, paste this link into your browser:</p>
          <p style="margin:0 0 24px 0;font-size:12px;line-height:18px;word-break:break-all"><a href="${url}" style="color:#4338ca">${url}</a></p>
        </td></tr>
        <tr><td style="padding:16px 32px 28px 32px;border-top:1px solid #e4e4e7">
          <p style="margin:0;font-size:12px;line-height:18px;color:#65656e">${escapeHtml(input.footer)}</p>
        </td></tr>
      </table>
    </td></tr>
  </table>
</body>
</html>`;
}
