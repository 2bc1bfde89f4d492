export const AUDIT_WRITER = Symbol('AuditWriter');
export const SIGNING_KEY = Symbol('SigningKey');
