// A JSON Response that also carries its text as a symbol property, so that the lean /v1 path
// (lib/api/v1-dispatcher.ts) writes it out without reading the Response's body stream back.
const JSON_TEXT = Symbol.for("equinox.jsonText");

type WithText = Response & { [JSON_TEXT]?: string };

export function jsonResponse(body: unknown, status: number, headers: Record<string, string>): Response {
  const text = JSON.stringify(body);
  const response: WithText = new Response(text, { status, headers: { "content-type": "application/json", ...headers } });
  response[JSON_TEXT] = text;
  return response;
}

/**
 * The body of a Response: the carried text when there is one (node:http then sends the head and
 * the body in one write), else the bytes read from the stream.
 */
export async function responseBody(response: Response): Promise<string | Buffer> {
  const text = (response as WithText)[JSON_TEXT];
  return text !== undefined ? text : Buffer.from(await response.arrayBuffer());
}
