// The local stack's trust material, made on first start and never downloaded or committed: a CA, one
// certificate for the Kafka nodes and one for the registry (loopback only), and a password per principal of the access
// plan (docs/adr/0013-identities-and-least-privilege.md). Kept in .stack/security/ (both topologies share
// it), mode 0600; .stack/security/env/<principal>.env holds one identity's client settings.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runDir } from './paths.mjs';
import { localSigningKeys, signingEnv } from './signing.mjs';
import { caseKeyEnv, localCaseKeys } from './case-keys.mjs';

/** The nodes' own identity: SCRAM between brokers, its certificate (CN) towards the controllers. */
export const BROKER_PRINCIPAL = 'ksb-broker';
export const ADMIN_PRINCIPAL = 'ksb-admin';

export const securityDir = join(runDir, 'security');
export const credentialsFile = join(securityDir, 'credentials.json');
export const caFile = join(securityDir, 'ca.pem');
export const keystoreFile = join(securityDir, 'broker-keystore.pem');
/** The registry's certificate and key (PKCS#8 PEM, as Quarkus reads them). */
export const registryCertFile = join(securityDir, 'registry.pem');
export const registryKeyFile = join(securityDir, 'registry-pkcs8.key');
export const envFile = (principal) => join(securityDir, 'env', `${principal}.env`);

const openssl = (args, cwd) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

/** A server certificate `<name>.pem` (key `<name>.key`) for the given names, signed by the CA in `dir`. */
export const issueCertificate = (dir, name, commonName, names = 'IP:127.0.0.1,DNS:localhost') => {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${commonName}`, '-out', `${name}.csr`], dir);
  writeFileSync(
    join(dir, `${name}.ext`),
    [
      `subjectAltName=${names}`,
      'extendedKeyUsage=serverAuth,clientAuth',
      'keyUsage=digitalSignature,keyAgreement',
    ].join('\n'),
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '825',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ],
    dir,
  );
  chmodSync(join(dir, `${name}.key`), 0o600);
};

/** The PKCS#8 form of `<name>.key`, as Kafka's PEM key store and Quarkus read it. */
export const pkcs8Key = (dir, name) => openssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key`], dir).toString();

export const makeCertificateAuthority = (dir) => {
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
  chmodSync(join(dir, 'ca.key'), 0o600);
};

const makeCertificates = (dir) => {
  makeCertificateAuthority(dir);
  issueCertificate(dir, 'broker', BROKER_PRINCIPAL);
  // Kafka's PEM key store: the PKCS#8 key, then the certificate chain.
  const pkcs8 = pkcs8Key(dir, 'broker');
  const chain = readFileSync(join(dir, 'broker.pem'), 'utf8') + readFileSync(join(dir, 'ca.pem'), 'utf8');
  writeFileSync(join(dir, 'broker-keystore.pem'), pkcs8 + chain, { mode: 0o600 });
};

/** Every principal of the access plan, from the plan itself (ksb acl principals). */
export const planPrincipals = () =>
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
  // Stacks made before the registry served https get its certificate on their next start.
  if (!existsSync(registryKeyFile)) {
    issueCertificate(dir, 'registry', 'ksb-registry');
    writeFileSync(registryKeyFile, openssl(['pkcs8', '-topk8', '-nocrypt', '-in', 'registry.key'], dir), {
      mode: 0o600,
    });
  }
  const known = existsSync(credentialsFile) ? JSON.parse(readFileSync(credentialsFile, 'utf8')) : {};
  const names = [ADMIN_PRINCIPAL, BROKER_PRINCIPAL, ...planPrincipals()];
  const credentials = Object.fromEntries(names.map((n) => [n, known[n] ?? randomBytes(18).toString('base64url')]));
  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  localSigningKeys();
  localCaseKeys();
  for (const name of names.filter((n) => n !== BROKER_PRINCIPAL))
    writeFileSync(
      envFile(name),
      Object.entries(clientEnv(name, credentials))
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
      { mode: 0o600 },
    );
  return { dir, credentials, caFile, keystoreFile, registryCertFile, registryKeyFile };
};

const clientEnv = (principal, credentials) => ({
  KSB_KAFKA_CA_FILE: caFile,
  KSB_KAFKA_SASL_USERNAME: principal,
  KSB_KAFKA_SASL_PASSWORD: credentials[principal],
  ...signingEnv(principal),
  ...caseKeyEnv(principal),
});

/** How a local client connects: TLS to the local CA and SCRAM as the given principal. */
export const clientSecurityEnv = (principal) => {
  const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8'));
  if (!credentials[principal]) throw new Error(`no local credential for ${principal} (see ${credentialsFile})`);
  return clientEnv(principal, credentials);
};
