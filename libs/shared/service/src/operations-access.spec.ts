import type { IncomingMessage, ServerResponse } from 'node:http';
import { operationsAccess, operationsAccessProblem } from './operations-access';

const TOKEN = 'a-long-enough-operations-token';
const ask = (url: string, authorization?: string) => {
  const response = { statusCode: 200, headers: {} as Record<string, string>, body: '' };
  let passed = false;
  operationsAccess(TOKEN)(
    { url, headers: authorization ? { authorization } : {} } as IncomingMessage,
    {
      set statusCode(code: number) {
        response.statusCode = code;
      },
      setHeader: (k: string, v: string) => (response.headers[k] = v),
      end: (body: string) => (response.body = body),
    } as unknown as ServerResponse,
    () => (passed = true),
  );
  return passed ? 'passed' : response.statusCode;
};

describe('operations access', () => {
  it('lets health through and asks for the token everywhere else', () => {
    expect(ask('/health/ready')).toBe('passed');
    expect(ask('/metrics')).toBe(401);
    expect(ask('/api/lag', 'Bearer wrong')).toBe(401);
    expect(ask('/api/lag', `Bearer ${TOKEN}`)).toBe('passed');
    expect(ask('/', `Basic ${Buffer.from(`ops:${TOKEN}`).toString('base64')}`)).toBe('passed');
    expect(ask('/', `Basic ${Buffer.from('ops:other').toString('base64')}`)).toBe(401);
  });

  it('refuses to listen beyond loopback without a token', () => {
    expect(operationsAccessProblem('127.0.0.1', undefined)).toBeUndefined();
    expect(operationsAccessProblem('::1', undefined)).toBeUndefined();
    expect(operationsAccessProblem('0.0.0.0', undefined)).toMatch(/needs KSB_OPS_TOKEN/);
    expect(operationsAccessProblem('0.0.0.0', TOKEN)).toBeUndefined();
  });
});
