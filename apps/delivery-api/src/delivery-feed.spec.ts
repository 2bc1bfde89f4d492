import { CaseErasedError, CaseKeyRetiredError, CaseKeyUnknownError } from '@ksb/case-keys';
import { HEADER } from '@ksb/contracts';
import { DeliveryInbox } from '@ksb/delivery-inbox';
import { UndecodableValueError, type FollowedRecord, type Wire } from '@ksb/wire';
import { deliveryHandler } from './delivery-feed';

const TOPIC = 'ksb.delivery.ja-stadt-hilden';
const record = (deliveryId: string): FollowedRecord => ({
  topic: TOPIC,
  partition: 0,
  offset: '7',
  timestamp: String(Date.parse('2026-12-01T10:00:00Z')),
  value: Buffer.from('KSBS…'),
  headers: { [HEADER.eventId]: Buffer.from(deliveryId), [HEADER.correlationId]: Buffer.from('case-1') },
});

/** A wire whose codec cannot open the record, as when its key is gone. */
const failingWire = (error: Error) => ({ codec: { decode: () => Promise.reject(error) } }) as unknown as Wire;

describe('deliveryHandler on a sealed delivery that does not open', () => {
  const officeOf = new Map([[TOPIC, 'ja-stadt-hilden']]);

  it.each([
    ['retired: answered as gone, said quietly', new CaseKeyRetiredError('retired'), 'DELIVERY_RETIRED', 'log'],
    ['never held: an error, not pretended gone', new CaseKeyUnknownError('unknown'), 'DELIVERY_NOT_FOUND', 'error'],
  ])('a key the store %s', async (_, error, answer, level) => {
    const inbox = new DeliveryInbox();
    const logged: { level: string }[] = [];
    await deliveryHandler(failingWire(error), officeOf, inbox, { log: (e) => logged.push(e) })(record('d-1'));
    expect(() => inbox.find('ja-stadt-hilden', 'd-1')).toThrow(expect.objectContaining({ code: answer }));
    expect(logged.map((e) => e.level)).toEqual([level]);
  });
});

describe('deliveryHandler counts what it leaves out by mistake, not what is shut on purpose', () => {
  const officeOf = new Map([[TOPIC, 'ja-stadt-hilden']]);

  it.each([
    ['a key the store never held', new CaseKeyUnknownError('unknown'), [['ja-stadt-hilden', 'CASE_KEY_UNKNOWN']]],
    ['bytes that are no delivery', new UndecodableValueError('bad'), [['ja-stadt-hilden', 'UNDECODABLE_VALUE']]],
    ['a plain error', new Error('boom'), [['ja-stadt-hilden', 'UNEXPECTED_ERROR']]],
    ['a retired key', new CaseKeyRetiredError('retired'), []],
    ['an erased case', new CaseErasedError('erased'), []],
  ])('%s', async (_, error, counted) => {
    const unreadable: string[][] = [];
    const handle = deliveryHandler(failingWire(error), officeOf, new DeliveryInbox(), {
      log: () => undefined,
      onUnreadable: (officeId, reason) => unreadable.push([officeId, reason]),
    });
    await handle(record('d-1'));
    expect(unreadable).toEqual(counted);
  });
});
