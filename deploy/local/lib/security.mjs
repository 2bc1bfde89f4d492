// The local stack's trust material, made on first start and never downloaded or committed: a CA, one
// certificate for the Kafka nodes (loopback only), and a SCRAM-SHA-512 password per principal of the access
// plan (docs/adr/0013-identities-and-least-privilege.md). Kept in .stack/security/ (both topologies share
// it), mode 0600; .stack/security/env/<principal>.env holds one identity's client settings.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runDir } from './paths.mjs';
import { localSigningKeys, signingEnv } from './signing.mjs';

/** The nodes' own identity: SCRAM between brokers, its certificate (CN) towards the controllers. */
export const BROKER_PRINCIPAL = 'ksb-broker';
export const ADMIN_PRINCIPAL = 'ksb-admin';

export const securityDir = join(runDir, 'security');
export const credentialsFile = join(securityDir, 'credentials.json');
export const caFile = join(securityDir, 'ca.pem');
export const keystoreFile = join(securityDir, 'broker-keystore.pem');
export const envFile = (principal) => join(securityDir, 'env', `${principal}.env`);

const openssl = (args, cwd) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

const makeCertificates = (dir) => {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key'], dir);
  openssl(
    [
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-days',
      '825',
      '-subj',
      '/CN=Kinderschutz Bridge local CA',
      '-out',
      'ca.pem',
    ],
    dir,
  );
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'broker.key'], dir);
  openssl(['req', '-new', '-key', 'broker.key', '-subj', `/CN=${BROKER_PRINCIPAL}`, '-out', 'broker.csr'], dir);
  writeFileSync(
    join(dir, 'broker.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'extendedKeyUsage=serverAuth,clientAuth',
      'keyUsage=digitalSignature,keyAgreement',
    ].join('\n'),
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'broker.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '825',
      '-extfile',
      'broker.ext',
      '-out',
      'broker.pem',
    ],
    dir,
  );
  // Kafka's PEM key store: the PKCS#8 key, then the certificate chain.
  const pkcs8 = openssl(['pkcs8', '-topk8', '-nocrypt', '-in', 'broker.key'], dir).toString();
  const chain = readFileSync(join(dir, 'broker.pem'), 'utf8') + readFileSync(join(dir, 'ca.pem'), 'utf8');
  writeFileSync(join(dir, 'broker-keystore.pem'), pkcs8 + chain, { mode: 0o600 });
  for (const f of ['ca.key', 'broker.key']) chmodSync(join(dir, f), 0o600);
};

/** Every principal of the access plan, from the plan itself (ksb acl principals). */
const planPrincipals = () =>
  execFileSync(join(repoRoot, 'bin', 'ksb'), ['acl', 'principals'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

/**
 * The CA, the node certificate and the credentials, made once per topology. New principals (an office added
 * to the directory) get a password here and a SCRAM credential when the stack next starts (ensureScramUsers).
 */
export const localSecurity = () => {
  const dir = securityDir;
  mkdirSync(join(dir, 'env'), { recursive: true, mode: 0o700 });
  if (!existsSync(keystoreFile)) makeCertificates(dir);
  const known = existsSync(credentialsFile) ? JSON.parse(readFileSync(credentialsFile, 'utf8')) : {};
  const names = [ADMIN_PRINCIPAL, BROKER_PRINCIPAL, ...planPrincipals()];
  const credentials = Object.fromEntries(names.map((n) => [n, known[n] ?? randomBytes(18).toString('base64url')]));
  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  localSigningKeys();
  for (const name of names.filter((n) => n !== BROKER_PRINCIPAL))
    writeFileSync(
      envFile(name),
      Object.entries(clientEnv(name, credentials))
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
      { mode: 0o600 },
    );
  return { dir, credentials, caFile, keystoreFile };
};

const clientEnv = (principal, credentials) => ({
  KSB_KAFKA_CA_FILE: caFile,
  KSB_KAFKA_SASL_USERNAME: principal,
  KSB_KAFKA_SASL_PASSWORD: credentials[principal],
  ...signingEnv(principal),
});

/** How a local client connects: TLS to the local CA and SCRAM as the given principal. */
export const clientSecurityEnv = (principal) => {
  const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8'));
  if (!credentials[principal]) throw new Error(`no local credential for ${principal} (see ${credentialsFile})`);
  return clientEnv(principal, credentials);
};
