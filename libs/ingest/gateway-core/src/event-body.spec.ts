import { brotliCompressSync, gzipSync } from 'node:zlib';
import { decodeEventBody, jsonDepth } from './event-body';

const json = 'application/json';
const body = (text: string) => Buffer.from(text, 'utf8');
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'ACCEPTED';
};

describe('decodeEventBody', () => {
  it('reads UTF-8 JSON, plain or with gzip or br', () => {
    const text = '{"a":"Düsseldorf"}';
    expect(decodeEventBody({ body: body(text), contentType: json })).toEqual({ a: 'Düsseldorf' });
    expect(
      decodeEventBody({ body: gzipSync(text), contentType: `${json}; charset=UTF-8`, contentEncoding: 'gzip' }),
    ).toEqual({ a: 'Düsseldorf' });
    expect(decodeEventBody({ body: brotliCompressSync(text), contentType: json, contentEncoding: 'br' })).toEqual({
      a: 'Düsseldorf',
    });
  });

  it.each([
    [{ body: body('{}'), contentType: 'text/plain' }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ body: body('{}') }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ body: body('{}'), contentType: `${json}; charset=latin1` }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ body: body('{}'), contentType: `${json}; charset=klingon` }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ body: body('{}'), contentType: json, contentEncoding: 'compress' }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), contentType: json }, 'INVALID_UTF8'],
    [{ body: body('{"a":'), contentType: json }, 'MALFORMED_JSON'],
    [{ body: body('not gzip'), contentType: json, contentEncoding: 'gzip' }, 'BROKEN_CONTENT_ENCODING'],
    [{ body: gzipSync('{}').subarray(0, 8), contentType: json, contentEncoding: 'gzip' }, 'BROKEN_CONTENT_ENCODING'],
    [{ body: body('garbage'), contentType: json, contentEncoding: 'br' }, 'BROKEN_CONTENT_ENCODING'],
    [{ body: body('['.repeat(1000)), contentType: json }, 'TOO_DEEPLY_NESTED'],
    [{ body: body(`{"a":"${'x'.repeat(2000)}"}`), contentType: json }, 'BODY_TOO_LARGE'],
    [{ body: gzipSync(`{"a":"${'x'.repeat(5000)}"}`), contentType: json, contentEncoding: 'gzip' }, 'BODY_TOO_LARGE'],
  ])('refuses %p with %p', (request, code) => {
    expect(codeOf(() => decodeEventBody(request, 1024))).toBe(code);
  });

  it('counts nesting outside strings only', () => {
    expect(jsonDepth('{"a":[[1]],"b":"[[[[{{{"}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
  });
});
