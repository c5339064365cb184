import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server standing in for a PBX's extension list endpoint. */
export interface FakePbx {
  url: string;
  /** What the next answers are: status and body. */
  answer: { status: number; body: string };
  requests: IncomingHttpHeaders[];
  close: () => Promise<void>;
}

export async function startFakePbx(): Promise<FakePbx> {
  const state: FakePbx = { url: '', answer: { status: 200, body: '[]' }, requests: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    state.requests.push(req.headers);
    res.writeHead(state.answer.status, { 'content-type': 'application/json' });
    res.end(state.answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/extensions`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
