// The floor under the gateway's HTTP ingest, as a process of its own: the same TLS certificate, the same
// request and the same kind of answer (202 with a correlation id), with only what no gateway can drop — TLS,
// HTTP, reading the body and parsing its JSON. No API key, validation, Avro, case seal, signature or Kafka.
// What the gateway spends above it is its own work.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

const { KSB_BENCH_TLS_CERT_FILE = '', KSB_BENCH_TLS_KEY_FILE = '', KSB_BENCH_PORT = '' } = process.env;

const server = createServer(
  { cert: readFileSync(KSB_BENCH_TLS_CERT_FILE), key: readFileSync(KSB_BENCH_TLS_KEY_FILE) },
  (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ correlationId: randomUUID() }));
    });
  },
);
server.listen(Number(KSB_BENCH_PORT), '127.0.0.1', () => process.stdout.write('RUNNING\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
