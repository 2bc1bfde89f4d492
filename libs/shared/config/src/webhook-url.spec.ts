import { webhookUrlProblem } from './webhook-url';

describe('webhookUrlProblem', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(webhookUrlProblem('https://alerts.kreis-soest.de/hook')).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook')).toBeUndefined();
    expect(webhookUrlProblem('http://localhost:9000/hook')).toBeUndefined();
    expect(webhookUrlProblem('http://[::1]:9000/hook')).toBeUndefined();
  });

  it('refuses plain http to another host and other schemes', () => {
    expect(webhookUrlProblem('http://alerts.example.org/hook')).toMatch(/must be https/);
    expect(webhookUrlProblem('http://127.0.0.2.nip.io/hook')).toMatch(/must be https/);
    expect(webhookUrlProblem('ftp://127.0.0.1/hook')).toMatch(/must be https/);
  });

  it('names a value that is no URL at all as a problem instead of throwing', () => {
    expect(webhookUrlProblem('from a secret that holds no URL')).toBe('must be a URL');
  });
});
