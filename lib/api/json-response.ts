// The /v1 wrapper's answers (lib/api/api-route.ts, lib/api/error-response.ts) are plain data: a
// status, the headers and the JSON text. The lean /v1 path (lib/api/v1-dispatcher.ts) writes one
// straight to node:http; Next.js's route handlers get it as a Response.

export type ApiAnswer = { status: number; headers: Record<string, string>; body: string };

// A Response that also carries its text as a symbol property, so that the lean /v1 path writes a
// route's Response out without reading its body stream back.
const JSON_TEXT = Symbol.for("equinox.jsonText");

type WithText = Response & { [JSON_TEXT]?: string };

/** A JSON answer: the body's text with the JSON content type and the given headers. */
export function jsonAnswer(body: unknown, status: number, headers: Record<string, string>): ApiAnswer {
  // undefined (a handler with nothing to say) is answered as null.
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body ?? null) as string };
}

export function answerResponse(answer: ApiAnswer): Response {
  const response: WithText = new Response(answer.body, { status: answer.status, headers: answer.headers });
  response[JSON_TEXT] = answer.body;
  return response;
}

export function jsonResponse(body: unknown, status: number, headers: Record<string, string>): Response {
  return answerResponse(jsonAnswer(body, status, headers));
}

/**
 * The body of a Response: the carried text when there is one (node:http then sends the head and
 * the body in one write), else the bytes read from the stream.
 */
export async function responseBody(response: Response): Promise<string | Buffer> {
  const text = (response as WithText)[JSON_TEXT];
  return text !== undefined ? text : Buffer.from(await response.arrayBuffer());
}
