// A minimal receiver for Ramal's webhooks (Standard Webhooks 1.0), to copy into a CRM bridge.
//
//   npm install standardwebhooks
//   WEBHOOK_SECRET=whsec_... PORT=8080 node webhook-receiver.mjs
//
// It checks each request's signature over the raw body, answers 400 when it does not verify,
// and handles each event once even though Ramal may send it again (retries, replays).
import { createServer } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error('Set WEBHOOK_SECRET to the endpoint secret Ramal showed (whsec_...).');
  process.exit(2);
}
const webhook = new Webhook(secret);

// webhook-id is the event id, the same on every retry; a real CRM keeps these in its database.
const seen = new Set();

function handle(event, id) {
  console.log(JSON.stringify({ id, type: event.type, timestamp: event.timestamp, data: event.data }));
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') return res.writeHead(405).end();
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    // Verify the bytes as received: parsing and re-serializing the JSON would change them.
    const body = Buffer.concat(chunks).toString('utf8');
    let event;
    try {
      event = webhook.verify(body, req.headers);
    } catch (err) {
      if (!(err instanceof WebhookVerificationError)) throw err;
      console.error(`rejected: ${err.message}`);
      return res.writeHead(400).end('bad signature');
    }
    const id = req.headers['webhook-id'];
    if (!seen.has(id)) {
      seen.add(id);
      handle(event, id);
    }
    // Answer quickly with 2xx (even for a duplicate); slow work belongs in a queue of your own.
    res.writeHead(204).end();
  });
});

server.listen(Number(process.env.PORT ?? 8080), () => {
  console.log(`listening on http://localhost:${server.address().port}/`);
});
