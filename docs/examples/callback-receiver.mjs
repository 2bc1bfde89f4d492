// An office's callback receiver: node callback-receiver.mjs (KSB_CALLBACK_SECRET and PORT from the environment).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
const secret = process.env.KSB_CALLBACK_SECRET;
const seen = new Map(); // signatures taken in the last 5 minutes: a replay is refused
createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const now = Date.now() / 1000,
      timestamp = String(req.headers['callback-timestamp'] ?? '');
    const given = Buffer.from(String(req.headers['callback-authentication'] ?? ''), 'hex');
    const expected = createHmac('sha512', secret).update(`${timestamp}.${body}`).digest();
    for (const [signature, at] of seen) if (at < now - 300) seen.delete(signature);
    const fresh = /^\d+$/.test(timestamp) && Math.abs(now - Number(timestamp)) <= 300;
    const signed = given.length === expected.length && timingSafeEqual(given, expected);
    if (!fresh || !signed || seen.has(given.toString('hex'))) return res.writeHead(401).end();
    seen.set(given.toString('hex'), now);
    res.writeHead(204).end();
    console.log(JSON.parse(body).deliveryId); // then: GET /v1/deliveries/<id> with the office's API key
  });
}).listen(Number(process.env.PORT ?? 8443), '127.0.0.1');
