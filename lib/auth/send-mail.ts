// Sends the few emails Equinox sends (sign-in links, staff invitations) over SMTP
// (`EMAIL_SERVER`). Without SMTP configured (development), the message is printed to the server
// console instead, so a developer can still follow the link.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";

export type OutgoingMail = { to: string; subject: string; text: string; html: string };

const globals = globalThis as typeof globalThis & { __equinoxMailer?: Transporter };

function transport(server: string): Transporter {
  return (globals.__equinoxMailer ??= nodemailer.createTransport(server));
}

export async function sendMail(mail: OutgoingMail): Promise<void> {
  const { EMAIL_SERVER, EMAIL_FROM } = env();
  if (!EMAIL_SERVER) {
    console.info(`\n[mail] EMAIL_SERVER is not set; not sent, printed instead.\n  To: ${mail.to}\n  Subject: ${mail.subject}\n\n${mail.text}\n`);
    return;
  }
  const result = await transport(EMAIL_SERVER).sendMail({ from: EMAIL_FROM, ...mail });
  const failed = [...result.rejected, ...(result.pending ?? [])].filter(Boolean);
  if (failed.length) throw new Error(`The mail server refused ${failed.map(String).join(", ")}`);
}
