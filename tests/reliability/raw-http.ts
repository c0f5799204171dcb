import http, { type IncomingHttpHeaders } from 'node:http';

/**
 * A request sent exactly as written. supertest and fetch normalise what a fuzzer wants to send
 * as is: fetch resolves `..` segments, superagent re-encodes paths and picks a content type for
 * the body. `node:http` only insists that the path and headers be latin-1 without controls.
 */
export interface RawRequest {
  method: string;
  /** Sent verbatim: `..`, `%00`, raw latin-1 bytes and all. */
  path: string;
  headers?: Record<string, string>;
  /** Sent with a matching Content-Length; none at all when undefined. */
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
}

/** Keeps sockets open between requests, as a real client would. */
export const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });

export function rawRequest(origin: string, req: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  const body = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
  const headers = { ...req.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) };
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ hostname, port, method: req.method, path: req.path, headers, agent: keepAlive, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${req.method} ${req.path.slice(0, 200)} got no answer in ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
