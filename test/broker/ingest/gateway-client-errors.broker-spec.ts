import { randomBytes, randomUUID } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { GATEWAY_BODY_LIMIT_BYTES, MAX_EVENT_BYTES } from '@ksb/contracts';
import { startGateway, TestBroker, type TestGateway } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from './example-events';

const PATH = '/v1/events/police-notification';

/**
 * Regression for "the gateway answered 500 to 513 of 10,000 malformed requests": every client mistake —
 * nesting, charsets, invalid UTF-8, broken or unknown content-encoding, envelope keys, ids, sizes — is a
 * 4xx with a problem body, and a fuzz of malformed requests never gets a 5xx.
 */
describe('the gateway answers every client error with 4xx (broker: real gateway, Kafka and registry)', () => {
  const broker = new TestBroker();
  let gateway: TestGateway;

  const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(`${gateway.baseUrl}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': gateway.keys['kpb-mettmann'], ...headers },
      body,
    });
  const event = (envelope: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ...exampleContent(POLICE_EXAMPLE), ...extra, envelope });
  const answer = async (response: Response) => ({
    status: response.status,
    code: ((await response.json()) as { code?: string }).code,
  });

  beforeAll(async () => {
    await broker.createTopics(
      'ksb.ingest.police-notification',
      'ksb.ingest.jugendamt-urgent-notice',
      'ksb.ingest.acknowledgement',
    );
    gateway = await startGateway(broker, ['kpb-mettmann'], {
      KSB_GATEWAY_RATE_BURST: '5000',
      KSB_GATEWAY_RATE_PER_SECOND: '1000',
    });
  });

  afterAll(async () => {
    await gateway?.service.stop();
    await broker.close();
  });

  it('names each mistake with its status and reason code', async () => {
    const cases: [string, Promise<Response>, number, string][] = [
      ['deep nesting', post(`{"a":${'['.repeat(50_000)}${']'.repeat(50_000)}}`), 400, 'TOO_DEEPLY_NESTED'],
      ['latin1', post(event(), { 'content-type': 'application/json; charset=latin1' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'unknown charset',
        post(event(), { 'content-type': 'application/json; charset=x-klingon' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['not JSON', post(event(), { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['invalid UTF-8', post(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), 400, 'INVALID_UTF8'],
      [
        'broken gzip',
        post(gzipSync(event()).subarray(0, 40), { 'content-encoding': 'gzip' }),
        400,
        'BROKEN_CONTENT_ENCODING',
      ],
      // Truncated rather than random: one in 27 random 64-byte strings is a valid Brotli stream.
      [
        'broken br',
        post(brotliCompressSync(event()).subarray(0, 20), { 'content-encoding': 'br' }),
        400,
        'BROKEN_CONTENT_ENCODING',
      ],
      ['unknown encoding', post(event(), { 'content-encoding': 'compress' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['unknown envelope key', post(event({ priority: 'high' })), 400, 'SCHEMA_VALIDATION_FAILED'],
      ['event id not a UUID', post(event({ eventId: 'my-event' })), 400, 'SCHEMA_VALIDATION_FAILED'],
      ['huge correlation id', post(event({ correlationId: 'c'.repeat(10_000) })), 400, 'SCHEMA_VALIDATION_FAILED'],
      ['truncated JSON', post('{"envelope": '), 400, 'MALFORMED_JSON'],
      [
        'event larger than the bridge carries',
        post(event({}, { offenceSummary: 'x'.repeat(MAX_EVENT_BYTES) })),
        413,
        'EVENT_TOO_LARGE',
      ],
      ['body larger than the limit', post('x'.repeat(GATEWAY_BODY_LIMIT_BYTES + 1)), 413, 'BODY_TOO_LARGE'],
    ];
    for (const [what, response, status, code] of cases)
      expect([what, await answer(await response)]).toEqual([what, { status, code }]);

    const gzipped = await post(gzipSync(event({ eventId: randomUUID() })), { 'content-encoding': 'gzip' });
    expect(gzipped.status).toBe(202);
    const brotli = await post(brotliCompressSync(event({ eventId: randomUUID() })), { 'content-encoding': 'br' });
    expect(brotli.status).toBe(202);
  });

  it('hands out case keys only to an authenticated office, for a valid correlation id, each new and not to keep', async () => {
    const ask = (body: string, key: string | null = gateway.keys['kpb-mettmann']) =>
      fetch(`${gateway.baseUrl}/v1/case-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
        body,
      });
    const correlationId = randomUUID();
    expect(await answer(await ask(JSON.stringify({ correlationId }), null))).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    for (const bad of ['{}', JSON.stringify({ correlationId: 'x'.repeat(200) }), JSON.stringify({ correlationId: 7 })])
      expect(await answer(await ask(bad))).toEqual({ status: 400, code: 'SCHEMA_VALIDATION_FAILED' });
    expect(await answer(await ask('[1,'))).toEqual({ status: 400, code: 'MALFORMED_JSON' });
    const [first, second] = [
      await ask(JSON.stringify({ correlationId })),
      await ask(JSON.stringify({ correlationId })),
    ];
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.headers.get('cache-control')).toBe('no-store');
    type IssuedKey = { keyId: string; key: string };
    const [a, b] = [(await first.json()) as IssuedKey, (await second.json()) as IssuedKey];
    expect(Buffer.from(a.key, 'base64')).toHaveLength(32);
    expect(b.keyId).not.toBe(a.keyId);
    expect(b.key).not.toBe(a.key);
  });

  it('never answers 5xx to a fuzz of 1,000 malformed requests', async () => {
    const valid = Buffer.from(event());
    const mutate = (i: number): [Buffer, Record<string, string>] => {
      const bytes = Buffer.from(valid);
      for (let n = 0; n < 1 + (i % 7); n++) bytes[(i * 7919 + n * 104_729) % bytes.length] = (i * 31 + n) % 256;
      const encodings = ['', 'gzip', 'br', 'deflate', 'identity', 'gzip, br'];
      const charsets = ['', '; charset=utf-8', '; charset=latin1', '; charset=UTF8', '; charset="utf-16"'];
      const headers: Record<string, string> = { 'content-type': `application/json${charsets[i % charsets.length]}` };
      const encoding = encodings[i % encodings.length];
      if (encoding) headers['content-encoding'] = encoding;
      return [i % 3 === 0 ? randomBytes(1 + (i % 300)) : bytes.subarray(0, bytes.length - (i % 50)), headers];
    };
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, async (_, j) => (await post(...mutate(i + j))).status),
      );
      for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1000);
    expect(gateway.service.logs.join('\n')).not.toContain('unexpected error');
  });
});
