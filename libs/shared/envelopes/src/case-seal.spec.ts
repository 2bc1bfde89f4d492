import { newCaseDataKey, openForCase, sealForCase, SealError } from './case-seal';

const content = Buffer.from('{"child":{"givenName":"Mia"}}');

describe('content sealed under a case key', () => {
  it('opens with the case key in its own context only', () => {
    const key = newCaseDataKey('case-c1-1');
    const sealed = sealForCase(key, content, 'ksb.ingest.police-notification/e-1');
    expect(sealed.ciphertext.includes('Mia')).toBe(false);
    expect(openForCase(key, sealed, 'ksb.ingest.police-notification/e-1')).toEqual(content);
    expect(() => openForCase(key, sealed, 'ksb.ingest.police-notification/e-2')).toThrow(SealError);
  });

  it('does not open with another case’s key, even under the same key id', () => {
    const sealed = sealForCase(newCaseDataKey('case-c1-1'), content, 'x');
    expect(() => openForCase(newCaseDataKey('case-c2-1'), sealed, 'x')).toThrow('not case-c2-1');
    expect(() => openForCase(newCaseDataKey('case-c1-1'), sealed, 'x')).toThrow('does not open');
  });
});
