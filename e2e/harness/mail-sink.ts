// A local SMTP server that keeps what it receives, plus a tiny HTTP endpoint from which tests
// read the messages (the app sends real SMTP; nothing leaves the machine).
import http from "node:http";
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

export type SinkMessage = { to: string[]; from: string; subject: string; text: string; html: string; receivedAt: number };

export type MailSink = { smtpPort: number; httpUrl: string; close(): Promise<void> };

export async function startMailSink(): Promise<MailSink> {
  const messages: SinkMessage[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = [mail.to].flat().flatMap((address) => address?.value.map((v) => (v.address ?? "").toLowerCase()) ?? []);
          messages.push({
            to,
            from: mail.from?.text ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            receivedAt: Date.now(),
          });
          callback();
        })
        .catch((error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;

  const api = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sink");
    const to = url.searchParams.get("to")?.toLowerCase();
    const found = to ? messages.filter((m) => m.to.includes(to)) : messages;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(found));
  });
  await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
  const httpPort = (api.address() as { port: number }).port;

  return {
    smtpPort,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        api.close();
        smtp.close(() => resolve());
      }),
  };
}
