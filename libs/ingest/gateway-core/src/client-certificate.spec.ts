import { clientCertificateProblem } from './client-certificate';

const hilden = { authorized: true, commonName: 'ja-stadt-hilden' };

describe('client certificates at the gateway', () => {
  it('decides nothing when off, and only on a presented certificate when optional', () => {
    expect(clientCertificateProblem('ja-stadt-hilden', { authorized: false, commonName: 'x' }, 'off')).toBeUndefined();
    expect(clientCertificateProblem('ja-stadt-hilden', undefined, 'optional')).toBeUndefined();
    expect(clientCertificateProblem('ja-stadt-hilden', hilden, 'optional')).toBeUndefined();
  });

  it.each([
    ['no certificate where one is required', undefined, 'required', 'CLIENT_CERTIFICATE_REQUIRED'],
    [
      'a certificate of another CA',
      { authorized: false, commonName: 'ja-stadt-hilden' },
      'optional',
      'CLIENT_CERTIFICATE_REQUIRED',
    ],
    [
      'another office’s certificate',
      { authorized: true, commonName: 'kpb-soest' },
      'optional',
      'CLIENT_CERTIFICATE_NOT_SENDERS',
    ],
  ] as const)('refuses %s', (_, certificate, mode, code) => {
    expect(clientCertificateProblem('ja-stadt-hilden', certificate, mode)).toMatchObject({ code });
  });
});
