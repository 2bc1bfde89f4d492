import { ConfluentRegistryAdapter } from './confluent-registry.adapter';

describe('ConfluentRegistryAdapter', () => {
  const credential = { username: 'ksb-router', password: 'secret' };

  it('never sends a credential over plain http beyond the loopback interface', () => {
    expect(() => new ConfluentRegistryAdapter('http://registry.example:8080/apis/ccompat/v7', credential)).toThrow(
      /only sent over https/,
    );
    expect(() => new ConfluentRegistryAdapter('https://registry.example/apis/ccompat/v7', credential)).not.toThrow();
    expect(() => new ConfluentRegistryAdapter('http://127.0.0.1:8181/apis/ccompat/v7', credential)).not.toThrow();
    expect(() => new ConfluentRegistryAdapter('http://registry.example:8080/apis/ccompat/v7')).not.toThrow();
  });
});
