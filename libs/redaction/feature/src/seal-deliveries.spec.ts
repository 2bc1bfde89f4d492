import type { RegisteredSchema, SliceOutputs } from '@ksb/wire';
import { sealDeliveries } from './seal-deliveries';

const event = (topic: string, correlationId: string, envelope?: (b: Buffer) => Buffer) => ({
  kind: 'event' as const,
  event: {
    topic,
    schema: {} as RegisteredSchema,
    key: correlationId,
    value: {},
    eventId: `${topic}/${correlationId}`,
    correlationId,
    ...(envelope ? { envelope } : {}),
  },
});

describe('sealDeliveries', () => {
  it('seals deliveries and the handoff that carry no envelope, asking for every key of the slice at once', async () => {
    const encrypted = (b: Buffer) => Buffer.concat([Buffer.from('JWE'), b]);
    const outputs: SliceOutputs = [
      [
        event('ksb.delivery.ja-stadt-hilden', 'case-a'),
        event('ksb.delivery.ja-kreis-mettmann', 'case-a', encrypted),
        event('ksb.redaction.reports', 'case-a'),
      ],
      [event('ksb.handoff.external', 'case-b'), { kind: 'dead-letter', input: {} as never }],
    ];
    const asked: string[] = [];
    let pending = 0;
    let mostAtOnce = 0;
    const sealed = await sealDeliveries(outputs, async (caseId) => {
      asked.push(caseId);
      mostAtOnce = Math.max(mostAtOnce, ++pending);
      await new Promise((resolve) => setImmediate(resolve));
      pending -= 1;
      return (b) => Buffer.concat([Buffer.from(`sealed:${caseId}:`), b]);
    });
    const envelopeOf = (i: number, j: number) => {
      const output = sealed[i][j];
      return output.kind === 'event' ? output.event.envelope?.(Buffer.from('view')).toString() : undefined;
    };
    expect(asked.sort()).toEqual(['case-a', 'case-b']);
    expect(mostAtOnce).toBe(2);
    expect(envelopeOf(0, 0)).toBe('sealed:case-a:view');
    expect(envelopeOf(0, 1)).toBe('JWEview');
    expect(envelopeOf(0, 2)).toBeUndefined();
    expect(envelopeOf(1, 0)).toBe('sealed:case-b:view');
    expect(sealed[1][1]).toBe(outputs[1][1]);
  });
});
