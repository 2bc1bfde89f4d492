import { HEADER, decodeHeaders, encodeHeaders } from './standard-headers';

describe('standard headers', () => {
  const headers = {
    eventId: 'e-1',
    correlationId: 'c-1',
    causationId: 'e-0',
    producer: 'router',
    schemaSubject: 'ksb.ingest.canary-de.kinderschutz.bridge.ops.CanaryProbe',
    schemaVersion: 3,
  };

  it('writes the exact header names and text values', () => {
    expect(encodeHeaders(headers)).toEqual({
      'ksb-event-id': 'e-1',
      'ksb-correlation-id': 'c-1',
      'ksb-causation-id': 'e-0',
      'ksb-producer': 'router',
      'ksb-schema-subject': 'ksb.ingest.canary-de.kinderschutz.bridge.ops.CanaryProbe',
      'ksb-schema-version': '3',
    });
  });

  it('omits the causation id of an originating event', () => {
    expect(encodeHeaders({ ...headers, causationId: undefined })).not.toHaveProperty(HEADER.causationId);
  });

  it('reads Buffer headers as kafkajs delivers them', () => {
    const raw = Object.fromEntries(Object.entries(encodeHeaders(headers)).map(([k, v]) => [k, Buffer.from(v)]));
    expect(decodeHeaders(raw)).toEqual(headers);
  });
});
