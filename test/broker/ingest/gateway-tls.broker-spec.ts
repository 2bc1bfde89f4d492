import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, TestBroker, type TestGateway } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from './example-events';

/** A CA for the gateway's certificate and one for agencies' client certificates, made with openssl. */
const makeCertificates = (dir: string) => {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string) => {
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
    openssl('req', '-x509', '-new', '-key', `${name}.key`, '-days', '2', '-subj', `/CN=${name}`, '-out', `${name}.pem`);
  };
  const issue = (name: string, cn: string, by: string, extensions: string) => {
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
    openssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${by}.pem`,
      '-CAkey',
      `${by}.key`,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  };
  ca('server-ca');
  ca('agencies-ca');
  ca('other-ca');
  issue('gateway', 'localhost', 'server-ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  for (const [name, by] of [
    ['kpb-mettmann', 'agencies-ca'],
    ['kpb-soest', 'agencies-ca'],
    ['forged', 'other-ca'],
  ])
    issue(name, name === 'forged' ? 'kpb-mettmann' : name, by, 'extendedKeyUsage=clientAuth\n');
  const pem = (name: string) => readFileSync(join(dir, `${name}.pem`));
  const key = (name: string) => readFileSync(join(dir, `${name}.key`));
  return { pem, key, file: (name: string) => join(dir, name) };
};

/**
 * The gateway behind TLS, with agencies' client certificates as a second factor (issue 12: "the gateway in
 * compose and k8s behind TLS; optional client certificates for agencies").
 */
describe('ingest gateway over TLS with client certificates (broker)', () => {
  const broker = new TestBroker();
  const dir = mkdtempSync(join(tmpdir(), 'ksb-gateway-tls-'));
  const certs = makeCertificates(dir);
  const gateways: TestGateway[] = [];

  /** POSTs a police notification with Mettmann's API key, presenting `client`'s certificate if named. */
  const post = (gateway: TestGateway, client?: string) =>
    new Promise<{ status: number; code?: string }>((resolve, reject) => {
      const body = JSON.stringify({ ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: randomUUID() } });
      const req = request(
        `${gateway.baseUrl}/v1/events/police-notification`,
        {
          method: 'POST',
          ca: certs.pem('server-ca'),
          ...(client ? { cert: certs.pem(client), key: certs.key(client) } : {}),
          headers: { 'content-type': 'application/json', 'x-api-key': gateway.keys['kpb-mettmann'] },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, code: JSON.parse(Buffer.concat(chunks).toString() || '{}').code }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const tlsGateway = (mode: string) =>
    startGateway(broker, ['kpb-mettmann'], {
      KSB_GATEWAY_TLS_CERT_FILE: certs.file('gateway.pem'),
      KSB_GATEWAY_TLS_KEY_FILE: certs.file('gateway.key'),
      KSB_GATEWAY_TLS_CLIENT_CA_FILE: certs.file('agencies-ca.pem'),
      KSB_GATEWAY_TLS_CLIENT_CERT: mode,
    }).then((g) => (gateways.push(g), g));

  beforeAll(() => broker.createTopics('ksb.ingest.police-notification'));

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.service.stop()));
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to listen beyond loopback without TLS', async () => {
    await expect(startGateway(broker, ['kpb-mettmann'], { KSB_GATEWAY_HOST: '0.0.0.0' })).rejects.toThrow(
      /KSB_GATEWAY_TLS_CERT_FILE.*needs TLS/s,
    );
  });

  it('with certificates optional: the API key alone, or with the sender’s own certificate; never another’s', async () => {
    const gateway = await tlsGateway('optional');
    expect(gateway.baseUrl).toMatch(/^https:/);
    expect(await post(gateway)).toMatchObject({ status: 202 });
    expect(await post(gateway, 'kpb-mettmann')).toMatchObject({ status: 202 });
    expect(await post(gateway, 'kpb-soest')).toEqual({ status: 403, code: 'CLIENT_CERTIFICATE_NOT_SENDERS' });
    expect(await post(gateway, 'forged')).toEqual({ status: 401, code: 'CLIENT_CERTIFICATE_REQUIRED' });
  });

  it('with certificates required: nothing without the sender’s certificate', async () => {
    const gateway = await tlsGateway('required');
    expect(await post(gateway)).toEqual({ status: 401, code: 'CLIENT_CERTIFICATE_REQUIRED' });
    expect(await post(gateway, 'kpb-mettmann')).toMatchObject({ status: 202 });
  });
});
