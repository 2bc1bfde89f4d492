import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { openWith, sealedKeyId } from '@ksb/case-keys';
import { CaseKeyServiceUnavailableError, GatewayCaseKeys } from './gateway-case-keys';

describe('GatewayCaseKeys', () => {
  let server: Server;
  let answer: { status: number; body: string };
  const asked: { apiKey?: string; body: string }[] = [];
  const keys = () =>
    new GatewayCaseKeys({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'k-1' });

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        asked.push({ apiKey: request.headers['x-api-key'] as string | undefined, body });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('asks for a key of the case with the office API key and seals with what it gets', async () => {
    const key = randomBytes(32);
    answer = { status: 201, body: JSON.stringify({ keyId: 'ref.log.1', key: key.toString('base64') }) };
    const sealed = (await keys().sealerFor('case-7'))(Buffer.from('event'));
    expect(asked.at(-1)).toEqual({ apiKey: 'k-1', body: JSON.stringify({ correlationId: 'case-7' }) });
    expect(sealedKeyId(sealed)).toBe('ref.log.1');
    expect(openWith({ keyId: 'ref.log.1', key }, sealed).toString()).toBe('event');
  });

  it.each([
    ['a refusal', 401, '{"code":"UNAUTHENTICATED"}', 'answered 401'],
    ['no JSON', 201, 'not json', 'without JSON'],
    ['null', 201, 'null', 'without a key'],
    ['a short key', 201, JSON.stringify({ keyId: 'x', key: randomBytes(16).toString('base64') }), 'without a key'],
  ])('refuses %s with CASE_KEY_SERVICE_UNAVAILABLE', async (_, status, body, why) => {
    answer = { status, body };
    const error = await keys()
      .sealerFor('case-7')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaseKeyServiceUnavailableError);
    expect((error as Error).message).toContain(why);
  });

  it('says so when nothing answers', async () => {
    const gone = new GatewayCaseKeys({ url: 'http://127.0.0.1:1', apiKey: 'k-1', timeoutMs: 2000 });
    await expect(gone.sealerFor('case-7')).rejects.toBeInstanceOf(CaseKeyServiceUnavailableError);
  });
});
