import { avroToJsonSchema, listRecordSchemas, readSchemaFile } from '@ksb/contracts';
import { REJECTION_REASONS, MAX_REJECTION_TEXT } from './answers';
import type { CaseStatus } from './status-trail';

const problem = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const json = (ref: string, description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const STATUSES: CaseStatus[] = [
  'SUBMITTED',
  'REFUSED',
  'ROUTED',
  'DELIVERED',
  'PICKED_UP',
  'ACCEPTED',
  'REJECTED',
  'FORWARDED',
  'OVERDUE',
  'ESCALATED',
  'RESOLVED',
];
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const answer = (summary: string, body?: unknown) => ({
  post: {
    summary,
    security: [{ apiKey: [] }],
    parameters: [id],
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses: {
      '200': json('Answer', 'Published as an Acknowledgement to the sender (or the same answer, given before)'),
      '400': problem('INVALID_ANSWER: no declared reason code, or text too long'),
      '401': problem('Missing or unknown API key'),
      '403': problem('NOT_RECIPIENT: another office’s delivery'),
      '404': problem('DELIVERY_NOT_FOUND'),
      '410': problem(
        'DELIVERY_ERASED: its case was erased; DELIVERY_RETIRED: accepted, and its readable period ran out',
      ),
      '409': problem('ALREADY_ANSWERED differently, or NOT_ANSWERABLE (an acknowledgement)'),
      '503': problem('Kafka or the registry unavailable; retry'),
    },
  },
});

/** OpenAPI 3.1 for the delivery API, with the recipients' view schemas (generated from the redaction policy). */
export const deliveryOpenApiDocument = (version: string): Record<string, unknown> => {
  const schemas: Record<string, unknown> = {};
  const views = listRecordSchemas().filter((r) => r.includes('.views.'));
  for (const record of views) {
    const { $defs, $schema: _dialect, ...root } = avroToJsonSchema(readSchemaFile(record));
    Object.assign(schemas, $defs);
    schemas[record] = schemas[record] ?? root;
  }
  Object.assign(schemas, {
    Problem: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    DeliverySummary: {
      type: 'object',
      required: ['id', 'eventType', 'receivedAt'],
      properties: {
        id: { type: 'string', description: 'The delivery’s id (distinct per recipient office).' },
        eventType: { type: 'string' },
        urgency: { type: ['string', 'null'] },
        senderOfficeId: { type: ['string', 'null'] },
        correlationId: { type: 'string', description: 'The case.' },
        receivedAt: { type: 'string', format: 'date-time' },
        pickedUpAt: { type: ['string', 'null'], format: 'date-time' },
        answer: {
          type: ['object', 'null'],
          properties: { status: { type: 'string' }, reason: { type: ['string', 'null'] }, at: { type: 'string' } },
        },
      },
    },
    DeliveryPage: {
      type: 'object',
      required: ['deliveries', 'cursor'],
      properties: {
        deliveries: { type: 'array', items: { $ref: '#/components/schemas/DeliverySummary' } },
        cursor: { type: 'string', description: 'Opaque; hand back as `after`. Valid across restarts.' },
      },
    },
    Delivery: {
      allOf: [
        { $ref: '#/components/schemas/DeliverySummary' },
        {
          type: 'object',
          required: ['view', 'senderContacts'],
          properties: {
            senderContacts: {
              type: 'array',
              description:
                'Whom to call at the sending office: its contact register entries in force today, on-call and duty desk first.',
              items: { $ref: '#/components/schemas/ContactPerson' },
            },
            view: { oneOf: views.map((r) => ({ $ref: `#/components/schemas/${r}` })) },
          },
        },
      ],
    },
    ContactPerson: {
      type: 'object',
      required: ['name', 'topics'],
      properties: {
        name: { type: 'string' },
        function: { type: ['string', 'null'] },
        phone: { type: ['string', 'null'] },
        email: { type: ['string', 'null'] },
        topics: { type: 'array', items: { type: 'string' }, description: 'Code list ksb-contact-topic v1' },
      },
    },
    Rejection: {
      type: 'object',
      required: ['reasonCode'],
      properties: {
        reasonCode: { enum: Object.keys(REJECTION_REASONS), description: 'Code list ksb-reject-reason v1' },
        text: { type: 'string', maxLength: MAX_REJECTION_TEXT, description: 'One line, no case content.' },
      },
    },
    Answer: {
      type: 'object',
      properties: {
        deliveryId: { type: 'string' },
        status: { enum: ['ACCEPTED', 'REJECTED'] },
        reason: { type: ['string', 'null'] },
        acknowledgementId: { type: 'string', format: 'uuid' },
        at: { type: 'string', format: 'date-time' },
      },
    },
    StatusEntry: {
      type: 'object',
      required: ['id', 'status', 'at', 'text', 'token'],
      properties: {
        id: { type: 'string', description: 'The audit record (or escalation) the entry states.' },
        status: { enum: STATUSES },
        at: { type: 'string', format: 'date-time' },
        eventId: { type: ['string', 'null'] },
        eventType: { type: ['string', 'null'] },
        officeId: { type: ['string', 'null'] },
        details: { type: 'object', additionalProperties: { type: 'string' } },
        text: { type: 'string' },
        token: {
          type: 'string',
          description:
            'The entry as a Security Event Token (RFC 8417): compact JWS, EdDSA, typ secevent+jwt, kid = the bridge’s status key.',
        },
      },
    },
  });
  const text = JSON.stringify(schemas).replace(/#\/\$defs\//g, '#/components/schemas/');
  return {
    openapi: '3.1.0',
    info: { title: 'Kinderschutz Bridge delivery API', version },
    paths: {
      '/v1/deliveries': {
        get: {
          summary: 'The office’s deliveries after a cursor (long poll)',
          security: [{ apiKey: [] }],
          parameters: [
            { name: 'after', in: 'query', schema: { type: 'string' } },
            { name: 'wait', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 120 } },
          ],
          responses: {
            '200': json('DeliveryPage', 'New deliveries, oldest first, and the cursor after them'),
            '400': problem('INVALID_CURSOR'),
            '401': problem('Missing or unknown API key'),
          },
        },
      },
      '/v1/deliveries/{id}': {
        get: {
          summary: 'One delivery in the office’s view schema (the first open sends the sender a pickup receipt)',
          security: [{ apiKey: [] }],
          parameters: [id],
          responses: {
            '200': json('Delivery', 'The delivery'),
            '401': problem('Missing or unknown API key'),
            '403': problem('NOT_RECIPIENT'),
            '404': problem('DELIVERY_NOT_FOUND'),
            '410': problem(
              'DELIVERY_ERASED: its case was erased before the office fetched it; DELIVERY_RETIRED: accepted, and its readable period ran out',
            ),
          },
        },
      },
      '/v1/deliveries/{id}/accept': answer('Accept: the office takes the case on'),
      '/v1/deliveries/{id}/reject': answer('Reject with a reason code', { $ref: '#/components/schemas/Rejection' }),
      '/v1/cases/{correlationId}/events': {
        get: {
          summary: 'The status trail of a case the office submitted in, each step signed by the bridge',
          security: [{ apiKey: [] }],
          parameters: [{ name: 'correlationId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'Every step',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      correlationId: { type: 'string' },
                      events: { type: 'array', items: { $ref: '#/components/schemas/StatusEntry' } },
                    },
                  },
                },
              },
            },
            '401': problem('Missing or unknown API key'),
            '403': problem('NOT_CASE_SENDER'),
            '404': problem('CASE_NOT_FOUND'),
          },
        },
      },
    },
    components: {
      schemas: JSON.parse(text),
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
    },
  };
};
