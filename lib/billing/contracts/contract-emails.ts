// The billing lifecycle's emails to a customer's owner (staff): a contract ends soon, a trial ends
// soon. Same layout as the other emails, with a plain-text twin.
import { layout, type RenderedEmail } from "@/lib/auth/emails/sign-in-email";

const day = (date: Date) => date.toISOString().slice(0, 10);
const FOOTER = "You get this email because you own this customer in Equinox.";

export function renewalReminderEmail(input: { url: string; customerName: string; planName: string; endsAt: Date; renews: boolean }): RenderedEmail {
  const what = input.renews ? "renews automatically for another term" : "ends (the default plan then applies)";
  const intro = `${input.customerName}'s ${input.planName} contract ${what} on ${day(input.endsAt)}.`;
  const subject = `${input.customerName}: ${input.planName} contract ${input.renews ? "renews" : "ends"} on ${day(input.endsAt)}`;
  return {
    subject,
    text: [intro, "", "Open the customer:", input.url, "", FOOTER].join("\n"),
    html: layout({ heading: subject, intro, buttonLabel: "Open the customer", url: input.url, footer: FOOTER }),
  };
}

export function trialEndingEmail(input: { url: string; customerName: string; planName: string; trialEndsAt: Date }): RenderedEmail {
  const intro = `${input.customerName}'s ${input.planName} trial ends on ${day(input.trialEndsAt)}; Stripe bills the plan from then.`;
  const subject = `${input.customerName}: ${input.planName} trial ends on ${day(input.trialEndsAt)}`;
  return {
    subject,
    text: [intro, "", "Open the customer:", input.url, "", FOOTER].join("\n"),
    html: layout({ heading: subject, intro, buttonLabel: "Open the customer", url: input.url, footer: FOOTER }),
  };
}
