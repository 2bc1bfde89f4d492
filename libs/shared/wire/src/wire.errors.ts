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

export class BrokerUnavailableError extends BridgeError {
  readonly code = 'BROKER_UNAVAILABLE';
  readonly retriable = true;
}
