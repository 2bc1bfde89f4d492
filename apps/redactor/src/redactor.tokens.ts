export const REDACTION_CONTEXT = Symbol('RedactionContext');
export const DIRECTORY_HEALTH = Symbol('DirectoryHealth');
export const REDACTOR_METRICS = Symbol('RedactorMetrics');
export const CANARY_SCHEMA = Symbol('CanarySchema');
export const DELIVERY_SEAL = Symbol('DeliverySeal');
