import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { sealWith, type CaseKey } from '@ksb/case-keys';
import { BridgeError } from '@ksb/errors';
import type { IngestSealing } from './ingest-publisher';

export interface GatewayCaseKeysOptions {
  /** The gateway's base URL, e.g. https://bridge.example:8088. */
  readonly url: string;
  /** The office's API key at the gateway (the same one its events would use). */
  readonly apiKey: string;
  /** TLS towards the gateway: its CA, and the office's client certificate where the gateway asks for one. */
  readonly tls?: Pick<RequestOptions, 'ca' | 'cert' | 'key'>;
  /** Gives up after this long (default 10 s): the event is then not sent, and the caller is told. */
  readonly timeoutMs?: number;
}

/** The gateway's key service did not give a key: the event was not sent; sending again later is safe. */
export class CaseKeyServiceUnavailableError extends BridgeError {
  readonly code = 'CASE_KEY_SERVICE_UNAVAILABLE';
  readonly retriable = true;
}

/**
 * Seals an agency producer's events with case keys from the gateway's key service (ADR 0023), so an agency
 * that writes to Kafka itself sends its input sealed like the gateway does. Each event gets a key of its own,
 * made for this sender alone: a producer never learns a key that sealed anybody else's record, and nothing is
 * kept here that could outlive an erasure.
 */
export class GatewayCaseKeys implements IngestSealing {
  constructor(private readonly options: GatewayCaseKeysOptions) {}

  async sealerFor(caseId: string): Promise<(plain: Buffer) => Buffer> {
    const key = await this.newKey(caseId);
    return (plain) => sealWith(key, plain);
  }

  private newKey(correlationId: string): Promise<CaseKey> {
    const url = new URL('v1/case-keys', this.options.url.endsWith('/') ? this.options.url : `${this.options.url}/`);
    const body = JSON.stringify({ correlationId });
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<CaseKey>((resolve, reject) => {
      const failed = (why: string, cause?: unknown) =>
        reject(new CaseKeyServiceUnavailableError(`case key service ${url.origin}: ${why}`, { cause }));
      const outgoing = request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-api-key': this.options.apiKey,
          },
          timeout: this.options.timeoutMs ?? 10_000,
          ...this.options.tls,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => failed(error.message, error));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (response.statusCode !== 201) return failed(`answered ${response.statusCode}: ${text.slice(0, 300)}`);
            let answer: { keyId?: unknown; key?: unknown } | null;
            try {
              answer = JSON.parse(text) as typeof answer;
            } catch (error) {
              return failed('answered 201 without JSON', error);
            }
            const key = typeof answer?.key === 'string' ? Buffer.from(answer.key, 'base64') : undefined;
            if (typeof answer?.keyId !== 'string' || key?.length !== 32) return failed('answered without a key');
            resolve({ keyId: answer.keyId, key });
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', (error) => failed(error.message, error));
      outgoing.end(body);
    });
  }
}
