import { decodeCursor, encodeCursor, START } from './cursor';
import { aDelivery } from './delivery.fixture';
import { DeliveryInbox, type Delivery } from './inbox';

const delivery = (officeId: string, partition: number, offset: number, id = `${officeId}-${partition}-${offset}`) =>
  aDelivery({ deliveryId: id, officeId, partition, offset: BigInt(offset), sourceEventId: `event-${id}` });

describe('DeliveryInbox', () => {
  it('lists an office’s own deliveries after its cursor and moves the cursor past them', () => {
    const inbox = new DeliveryInbox();
    for (const d of [
      delivery('hilden', 0, 4),
      delivery('erkrath', 0, 4),
      delivery('hilden', 2, 9),
      delivery('hilden', 0, 7),
    ])
      inbox.add(d);
    const first = inbox.page('hilden', START, 2);
    expect(first.deliveries.map((d) => d.deliveryId)).toEqual(['hilden-0-4', 'hilden-2-9']);
    expect(first.cursor).toEqual(
      new Map([
        [0, 5n],
        [2, 10n],
      ]),
    );
    const second = inbox.page('hilden', decodeCursor(encodeCursor(first.cursor)), 10);
    expect(second.deliveries.map((d) => d.deliveryId)).toEqual(['hilden-0-7']);
    const third = inbox.page('hilden', second.cursor, 10);
    expect(third).toEqual({ deliveries: [], cursor: second.cursor });
  });

  it('keeps one copy of a delivery read twice', () => {
    const inbox = new DeliveryInbox();
    inbox.add(delivery('hilden', 0, 4));
    inbox.add(delivery('hilden', 0, 4));
    expect(inbox.page('hilden', START, 10).deliveries).toHaveLength(1);
  });

  it('refuses another office’s delivery and says when there is none', () => {
    const inbox = new DeliveryInbox();
    inbox.add(delivery('hilden', 0, 4, 'd-1'));
    expect(inbox.find('hilden', 'd-1').offset).toBe(4n);
    expect(() => inbox.find('erkrath', 'd-1')).toThrow(expect.objectContaining({ code: 'NOT_RECIPIENT' }));
    expect(() => inbox.find('hilden', 'd-2')).toThrow(expect.objectContaining({ code: 'DELIVERY_NOT_FOUND' }));
  });
});

describe('cursor', () => {
  it('round-trips and starts at the beginning when absent', () => {
    const cursor = new Map([
      [1, 12n],
      [0, 3n],
    ]);
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(undefined)).toEqual(START);
  });

  it.each([
    '%%%',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('{"a":"1"}').toString('base64url'),
    Buffer.from('{"0":-1}').toString('base64url'),
  ])('refuses a cursor it did not hand out: %s', (text) =>
    expect(() => decodeCursor(text)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR' })),
  );
});

describe('DeliveryInbox.next', () => {
  it('wakes a waiting long poll on the office’s next delivery, not on another office’s, and times out otherwise', async () => {
    const inbox = new DeliveryInbox();
    let woke = false;
    const waiting = inbox.next('hilden', 5000).then(() => (woke = true));
    inbox.add(delivery('erkrath', 0, 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toBe(false);
    inbox.add(delivery('hilden', 0, 1));
    await waiting;
    expect(woke).toBe(true);
    // Nothing comes: the wait ends by itself (jest's own time-out would fail the test otherwise).
    await expect(inbox.next('hilden', 50)).resolves.toBeUndefined();
  });
});

describe('DeliveryInbox and erased cases', () => {
  const of = (d: Delivery, correlationId: string, receivedAt: string): Delivery => ({
    ...d,
    correlationId,
    receivedAt,
  });
  const ERASED_AT = '2026-12-06T09:00:00.000Z';

  it('withholds the deliveries of a case erased after they were made, whichever arrives first', () => {
    const inbox = new DeliveryInbox();
    inbox.add(of(delivery('hilden', 0, 1), 'case-a', '2026-12-06T08:00:00.000Z'));
    inbox.add(of(delivery('hilden', 0, 2), 'case-b', '2026-12-06T08:00:00.000Z'));
    inbox.erase('case-a', ERASED_AT);
    // Read after the erasure (a restart reads the erasures first): withheld as well.
    expect(inbox.add(of(delivery('hilden', 1, 1), 'case-a', '2026-12-06T08:30:00.000Z'))).toBe(false);
    // A new event of the case after the erasure is delivered.
    expect(inbox.add(of(delivery('hilden', 1, 2), 'case-a', '2026-12-06T09:30:00.000Z'))).toBe(true);
    expect(inbox.page('hilden', START, 10).deliveries.map((d) => d.deliveryId)).toEqual(['hilden-0-2', 'hilden-1-2']);
    for (const id of ['hilden-0-1', 'hilden-1-1'])
      expect(() => inbox.find('hilden', id)).toThrow(expect.objectContaining({ code: 'DELIVERY_ERASED' }));
    expect(() => inbox.find('erkrath', 'hilden-0-1')).toThrow(expect.objectContaining({ code: 'DELIVERY_NOT_FOUND' }));
    expect([...inbox.all()].some((d) => d.correlationId === 'case-a' && d.receivedAt <= ERASED_AT)).toBe(false);
  });

  it('answers a sealed delivery that no longer opens after a restart as gone: erased if its case was, else retired', () => {
    const inbox = new DeliveryInbox();
    inbox.erase('case-a', ERASED_AT);
    inbox.unreadable(of(delivery('hilden', 0, 1), 'case-a', '2026-12-06T08:00:00.000Z'));
    inbox.unreadable(of(delivery('hilden', 0, 2), 'case-b', '2026-12-06T08:00:00.000Z'));
    expect(() => inbox.find('hilden', 'hilden-0-1')).toThrow(expect.objectContaining({ code: 'DELIVERY_ERASED' }));
    expect(() => inbox.find('hilden', 'hilden-0-2')).toThrow(expect.objectContaining({ code: 'DELIVERY_RETIRED' }));
    expect(inbox.page('hilden', START, 10).deliveries).toEqual([]);
  });
});

describe('DeliveryInbox and retired keys', () => {
  it('takes a delivery out once its key is retired, answering it as gone, and keeps the others', () => {
    const inbox = new DeliveryInbox();
    inbox.add(delivery('hilden', 0, 1));
    inbox.add(delivery('hilden', 0, 2));
    expect(inbox.size).toBe(2);
    inbox.retire('hilden-0-1', '2027-01-05T10:00:00.000Z');
    // What it holds, for the operator's gauge: the retired one has left its memory.
    expect(inbox.size).toBe(1);
    expect(inbox.page('hilden', START, 10).deliveries.map((d) => d.deliveryId)).toEqual(['hilden-0-2']);
    expect(() => inbox.find('hilden', 'hilden-0-1')).toThrow(expect.objectContaining({ code: 'DELIVERY_RETIRED' }));
    expect(() => inbox.find('erkrath', 'hilden-0-1')).toThrow(expect.objectContaining({ code: 'DELIVERY_NOT_FOUND' }));
    // Read again after a restart while the key is still there: it was retired, so it stays out.
    expect(inbox.add(delivery('hilden', 0, 1))).toBe(false);
  });
});
