// The customers area's emails: an invitation to claim a pre-created customer, and the owner's
// alert when a pending customer is claimed. Same layout as the sign-in emails, with a plain-text twin.
import { layout, type RenderedEmail } from "@/lib/auth/emails/sign-in-email";
import { describeClaimMatch } from "./claim-match";

export type CustomerInvitationEmailInput = { url: string; customerName: string; invitedBy: string; expiresAt: Date };

export function customerInvitationEmail({ url, customerName, invitedBy, expiresAt }: CustomerInvitationEmailInput): RenderedEmail {
  const expires = expiresAt.toUTCString();
  const intro = `${invitedBy} set up ${customerName} for you. Open the link and sign in with any email address you can verify to take it over.`;
  const footer = `The link works once and expires ${expires}. If you did not expect it, ignore this email.`;
  return {
    subject: `Your ${customerName} account is ready`,
    text: [intro, "", "Open this link to accept:", url, "", footer].join("\n"),
    html: layout({ heading: "Your account is ready", intro, buttonLabel: "Accept and sign in", url, footer }),
  };
}

export type ClaimAlertEmailInput = { url: string; customerName: string; externalId: string; email: string | null; previousEmail: string | null; matchedBy: string };

export function claimAlertEmail({ url, customerName, externalId, email, previousEmail, matchedBy }: ClaimAlertEmailInput): RenderedEmail {
  const how = describeClaimMatch(matchedBy);
  const intro = `${customerName} was claimed (${how}) and now has the id ${externalId}.`;
  const emailLine = previousEmail ? `Their verified email ${email ?? "?"} replaced ${previousEmail}.` : email ? `Email: ${email}.` : "";
  const footer = "You get this email because you own this customer in Equinox.";
  return {
    subject: `${customerName} just signed up`,
    text: [intro, emailLine, "", "Open the customer:", url, "", footer].filter((line, i, all) => line !== "" || all[i - 1] !== "").join("\n"),
    html: layout({ heading: `${customerName} just signed up`, intro: `${intro} ${emailLine}`.trim(), buttonLabel: "Open the customer", url, footer }),
  };
}
