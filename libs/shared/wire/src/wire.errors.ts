import { BridgeError } from '@ksb/errors';

/** The value does not start with the Confluent magic byte and a schema id: not produced through a registry. */
export class UnframedValueError extends BridgeError {
  readonly code = 'UNFRAMED_VALUE';
  readonly retriable = false;
}

/** The schema id in the frame is unknown to the registry. */
export class UnknownSchemaIdError extends BridgeError {
  readonly code = 'UNKNOWN_SCHEMA_ID';
  readonly retriable = false;
  constructor(
    readonly schemaId: number,
    options?: { cause?: unknown },
  ) {
    super(`schema id ${schemaId} is not known to the registry`, options);
  }
}

/** The bytes do not decode with the writer schema, or the writer schema cannot be read by ours. */
export class UndecodableValueError extends BridgeError {
  readonly code = 'UNDECODABLE_VALUE';
  readonly retriable = false;
}

/** An event to publish does not match its schema; paths name each failing field, never its value. */
export class InvalidEventError extends BridgeError {
  readonly code = 'SCHEMA_VALIDATION_FAILED';
  readonly retriable = false;
  constructor(
    readonly record: string,
    readonly fieldPaths: string[],
  ) {
    super(`${record} is invalid at: ${fieldPaths.join(', ')}`);
  }
}

export class IncompatibleSchemaError extends BridgeError {
  readonly code = 'INCOMPATIBLE_SCHEMA';
  readonly retriable = false;
}

export class RegistryUnavailableError extends BridgeError {
  readonly code = 'REGISTRY_UNAVAILABLE';
  readonly retriable = true;
}

/**
 * The registry refused this identity (wrong credential: 401; not allowed: 403). Schemas are registered by
 * the admin (`ksb topics apply`); stages and agencies only look them up (docs/adr/0013).
 */
export class RegistryAccessDeniedError extends BridgeError {
  readonly code = 'REGISTRY_ACCESS_DENIED';
  readonly retriable = false;
}

export class BrokerUnavailableError extends BridgeError {
  readonly code = 'BROKER_UNAVAILABLE';
  readonly retriable = true;
}

/** A decodable record of a type its topic does not carry (the topic catalogue declares each topic's records). */
export class UnexpectedRecordTypeError extends BridgeError {
  readonly code = 'UNEXPECTED_RECORD_TYPE';
  readonly retriable = false;
}

/** An event larger than the bridge carries through every hop (MAX_EVENT_BYTES in the size limits). */
export class EventTooLargeError extends BridgeError {
  readonly code = 'EVENT_TOO_LARGE';
  readonly retriable = false;
  constructor(
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(`the event is ${sizeBytes} bytes as Avro; the bridge carries at most ${limitBytes}`);
  }
}

/** What a stage would write for one input exceeds the record limit of the topic it goes to. */
export class OutputTooLargeError extends BridgeError {
  readonly code = 'OUTPUT_TOO_LARGE';
  readonly retriable = false;
}

/** The handler of a stage threw on this record: the record is set aside, the partition goes on. */
export class HandlerFailedError extends BridgeError {
  readonly code = 'HANDLER_FAILED';
  readonly retriable = false;
}

/** An input whose event id the stage already processed from the same partition: a sender's retry that landed twice. */
export class DuplicateEventError extends BridgeError {
  readonly code = 'DUPLICATE_EVENT';
  readonly retriable = false;
}
