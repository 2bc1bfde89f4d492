import type { Acknowledgement, ChildWelfareNotification, UrgentNotice } from '@ksb/contracts';
import type { Signer } from '@ksb/signatures';
import type { EnvelopeInput } from './envelope';
import { IngestPublisher, type IngestConnection, type IngestSealing, type PublishReceipt } from './ingest-publisher';

export interface BridgeProducerOptions extends Omit<IngestConnection, 'clientId' | 'signerFor' | 'sealing'> {
  /** The directory id of the office this system sends for, e.g. kpb-mettmann. */
  readonly senderOfficeId: string;
  /** The office's own signing key (readSigner(keyId, pemFile)); its public half is in the directory. */
  readonly signer: Signer;
  /**
   * Where each event's case key comes from (ADR 0023): `new GatewayCaseKeys({ url, apiKey })`, the bridge's key
   * service. Required: an agency's event goes to Kafka only sealed, so an erased case leaves nothing readable.
   */
  readonly sealing: IngestSealing;
  readonly clientId?: string;
}

/** An event's content: everything but the envelope, which the producer builds. */
export type EventContent<T> = Omit<T, 'envelope'> & { envelope?: EnvelopeInput };

/** The producer library for an agency system written in Node: typed publish per event type. */
export class BridgeProducer {
  private constructor(
    private readonly ingest: IngestPublisher,
    private readonly senderOfficeId: string,
  ) {}

  static async connect(options: BridgeProducerOptions): Promise<BridgeProducer> {
    const clientId = options.clientId ?? `ksb-producer-${options.senderOfficeId}`;
    const { signer, senderOfficeId } = options;
    const signerFor = (office: string) => (office === senderOfficeId ? signer : undefined);
    return new BridgeProducer(await IngestPublisher.connect({ ...options, clientId, signerFor }), senderOfficeId);
  }

  publishPoliceNotification(content: EventContent<ChildWelfareNotification>): Promise<PublishReceipt> {
    return this.ingest.publish(this.senderOfficeId, 'police-notification', content);
  }

  publishJugendamtUrgentNotice(content: EventContent<UrgentNotice>): Promise<PublishReceipt> {
    return this.ingest.publish(this.senderOfficeId, 'jugendamt-urgent-notice', content);
  }

  publishAcknowledgement(content: EventContent<Acknowledgement>): Promise<PublishReceipt> {
    return this.ingest.publish(this.senderOfficeId, 'acknowledgement', content);
  }

  close(): Promise<void> {
    return this.ingest.close();
  }
}
