/** DI tokens for what main.ts builds once at start-up. */
export const CREDENTIALS = Symbol('ApiKeyStore');
export const INBOX = Symbol('DeliveryInbox');
export const ANSWERS = Symbol('AnswerBook');
export const ANSWER_DESK = Symbol('AnswerDesk');
export const LIMITS = Symbol('Limits');
export const CASE_TRAILS = Symbol('CaseTrails');
export const STATUS_SIGNER = Symbol('StatusSigner');
export const DIRECTORY = Symbol('Directory');
export const METRICS = Symbol('DeliveryApiMetrics');
export const VIEWS = Symbol('ViewReader');
