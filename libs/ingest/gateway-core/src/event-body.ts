import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { GATEWAY_BODY_LIMIT_BYTES, MAX_JSON_DEPTH } from '@ksb/contracts';
import { BridgeError } from '@ksb/errors';

/** The request is not JSON in UTF-8, or comes in an encoding we do not speak (HTTP 415). */
export class UnsupportedMediaTypeError extends BridgeError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly retriable = false;
}

/** The body is larger than the bridge carries (HTTP 413). */
export class BodyTooLargeError extends BridgeError {
  readonly code = 'BODY_TOO_LARGE';
  readonly retriable = false;
}

export type MalformedBodyCode = 'MALFORMED_JSON' | 'INVALID_UTF8' | 'BROKEN_CONTENT_ENCODING' | 'TOO_DEEPLY_NESTED';

/** The body cannot be read as the JSON it claims to be (HTTP 400), with what exactly is wrong. */
export class MalformedBodyError extends BridgeError {
  readonly retriable = false;
  constructor(
    readonly code: MalformedBodyCode,
    message: string,
  ) {
    super(message);
  }
}

export interface EventBodyRequest {
  readonly body: Buffer;
  readonly contentType?: string;
  readonly contentEncoding?: string;
}

const DECODERS: Record<string, (body: Buffer, maxOutputLength: number) => Buffer> = {
  gzip: (b, maxOutputLength) => gunzipSync(b, { maxOutputLength }),
  'x-gzip': (b, maxOutputLength) => gunzipSync(b, { maxOutputLength }),
  deflate: (b, maxOutputLength) => inflateSync(b, { maxOutputLength }),
  br: (b, maxOutputLength) => brotliDecompressSync(b, { maxOutputLength }),
};

const mediaType = (contentType: string | undefined) => {
  const [type = '', ...params] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  return { type, charset };
};

const decompressed = (body: Buffer, contentEncoding: string | undefined, limit: number): Buffer => {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let bytes = body;
  // Codings are listed in the order they were applied; undo them from the last.
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) throw new UnsupportedMediaTypeError(`content-encoding ${coding} is not supported (gzip, deflate, br)`);
    try {
      bytes = decode(bytes, limit);
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw new BodyTooLargeError(`the decompressed body exceeds ${limit} bytes`);
      throw new MalformedBodyError('BROKEN_CONTENT_ENCODING', `the body is not valid ${coding}`);
    }
  }
  return bytes;
};

/** Nesting depth of JSON text, counted without recursion so no input can exhaust the stack. */
export const jsonDepth = (text: string): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
};

/**
 * Reads an event request's body as the gateway accepts it: JSON, UTF-8 only, optionally gzip, deflate or
 * br encoded, within the size limits and nesting depth. Every client mistake is a typed 4xx error; nothing
 * a client sends can make the gateway fail with 5xx.
 */
export const decodeEventBody = (request: EventBodyRequest, limit = GATEWAY_BODY_LIMIT_BYTES): unknown => {
  const { type, charset } = mediaType(request.contentType);
  if (type !== 'application/json' && !type.endsWith('+json'))
    throw new UnsupportedMediaTypeError(`content-type must be application/json, not ${type || 'missing'}`);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new UnsupportedMediaTypeError(`only UTF-8 is accepted, not charset=${charset}`);
  if (request.body.length > limit) throw new BodyTooLargeError(`the body exceeds ${limit} bytes`);
  const bytes = decompressed(request.body, request.contentEncoding, limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new MalformedBodyError('INVALID_UTF8', 'the body is not valid UTF-8');
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH)
    throw new MalformedBodyError('TOO_DEEPLY_NESTED', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MalformedBodyError('MALFORMED_JSON', 'the body is not JSON');
  }
};
