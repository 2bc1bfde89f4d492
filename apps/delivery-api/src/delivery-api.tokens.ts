/** DI tokens for what main.ts builds once at start-up. */
export const CREDENTIALS = Symbol('ApiKeyStore');
export const INBOX = Symbol('DeliveryInbox');
export const LIMITS = Symbol('Limits');
