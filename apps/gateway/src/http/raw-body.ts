import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError } from '@ksb/gateway-core';

/**
 * Reads a request body up to `limit` bytes. Past that it stops reading and fails with 413, so a client
 * cannot make the gateway buffer more than the bridge would ever carry.
 */
export const readRawBody = (request: IncomingMessage, limit: number): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLargeError(`the body exceeds ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError(`the body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
