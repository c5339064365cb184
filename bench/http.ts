/** One GET through real HTTP (Node's fetch, undici, keep-alive), timed to the last body byte. */
export async function timedGet(url: string, token: string): Promise<{ ms: number; body: Uint8Array }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = new Uint8Array(await res.arrayBuffer());
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${new TextDecoder().decode(body).slice(0, 500)}`);
  return { ms, body };
}

export interface StreamedBody {
  ms: number;
  /** Time to the first body byte. */
  firstByteMs: number;
  bytes: number;
  /** Line feeds: the records of a CSV, header included (the seed puts none inside cells). */
  lines: number;
  status: number;
  contentType: string;
}

/** A streamed download consumed chunk by chunk, never held whole, so only the server's memory grows. */
export async function streamGet(url: string, token: string): Promise<StreamedBody> {
  const started = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`GET ${url}: ${res.status} ${(await res.text()).slice(0, 500)}`);
  let firstByteMs = 0;
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!bytes) firstByteMs = performance.now() - started;
    bytes += chunk.byteLength;
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
  }
  return { ms: performance.now() - started, firstByteMs, bytes, lines, status: res.status, contentType: res.headers.get('content-type') ?? '' };
}
