import { avroToJsonSchema, EVENT_TYPES, readSchemaFile } from '@ksb/contracts';

const problem = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** OpenAPI 3.1 for the ingest gateway, generated from the event types and their Avro schemas. */
export const openApiDocument = (version: string): Record<string, unknown> => {
  const schemas: Record<string, unknown> = {
    Problem: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable reason code, as in dead letters and the audit log.' },
        message: { type: 'string' },
        fieldPaths: { type: 'array', items: { type: 'string' }, description: 'Every failing field path (400).' },
      },
    },
    Accepted: {
      type: 'object',
      required: ['eventId', 'correlationId'],
      properties: { eventId: { type: 'string', format: 'uuid' }, correlationId: { type: 'string' } },
    },
  };
  const paths: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    const { $defs, $schema: _dialect, ...root } = avroToJsonSchema(readSchemaFile(type.record));
    Object.assign(schemas, $defs);
    schemas[type.record] = schemas[type.record] ?? root;
    paths[`/v1/events/${type.name}`] = {
      post: {
        summary: `Publish a ${type.name} (senders: ${type.senderRoles.join(', ')})`,
        description:
          'The envelope is optional: the gateway sets the sender from the credential. Send envelope.eventId to make retries idempotent.',
        security: [{ apiKey: [] }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${type.record}` } } },
        },
        responses: {
          '202': {
            description: 'Accepted and on the ingest topic',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
          },
          '400': problem('Invalid event: every failing field path is listed'),
          '401': problem('Missing or unknown API key'),
          '403': problem('The body claims another sender, or this office may not send this type'),
          '409': problem('The event id was used before for different content'),
          '413': problem('Body too large'),
          '429': problem('Rate limit of the office exceeded; see Retry-After'),
          '503': problem('Kafka or the schema registry is unavailable; retry with the same event id'),
        },
      },
    };
  }
  const json = JSON.stringify(schemas).replace(/#\/\$defs\//g, '#/components/schemas/');
  return {
    openapi: '3.1.0',
    info: { title: 'Kinderschutz Bridge ingest gateway', version },
    paths: {
      ...paths,
      '/v1/events/{eventType}': {
        post: { summary: 'Any other event type', responses: { '404': problem('Unknown event type') } },
      },
      '/v1/case-keys': {
        post: {
          summary: 'A new key of a case, to seal one event with before sending it to Kafka (ADR 0023)',
          description:
            'For producers that write to Kafka themselves: each request gets a key made for it alone, never handed out again. Seal the framed record with AES-256-GCM in the KSBS frame (the producer library does: GatewayCaseKeys).',
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['correlationId'],
                  properties: { correlationId: { type: 'string' } },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'The key (base64, 32 bytes) and its id; not to be stored',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['keyId', 'key'],
                    properties: { keyId: { type: 'string' }, key: { type: 'string', contentEncoding: 'base64' } },
                  },
                },
              },
            },
            '400': problem('No valid correlation id'),
            '401': problem('Missing or unknown API key'),
            '429': problem('Key request budget of the office exceeded; see Retry-After'),
            '503': problem('The key store is unavailable; retry'),
          },
        },
      },
      '/health': {
        get: {
          summary: 'Liveness and readiness',
          responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
        },
      },
    },
    components: {
      schemas: JSON.parse(json),
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
    },
  };
};
