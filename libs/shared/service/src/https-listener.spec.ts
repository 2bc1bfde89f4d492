import { httpsListenerIssues } from './https-listener';

describe('httpsListenerIssues', () => {
  it('needs TLS beyond loopback and both files or neither', () => {
    expect(httpsListenerIssues('KSB_X', { host: '127.0.0.1' }, 'deliveries')).toEqual([]);
    expect(httpsListenerIssues('KSB_X', { host: '0.0.0.0', certFile: 'c', keyFile: 'k' }, 'deliveries')).toEqual([]);
    expect(httpsListenerIssues('KSB_X', { host: '0.0.0.0' }, 'deliveries')).toEqual([
      {
        variable: 'KSB_X_TLS_CERT_FILE',
        message: 'listening on 0.0.0.0 needs TLS: deliveries must not cross the network in the clear',
      },
    ]);
    expect(httpsListenerIssues('KSB_X', { host: '127.0.0.1', certFile: 'c' }, 'deliveries')).toEqual([
      { variable: 'KSB_X_TLS_KEY_FILE', message: 'KSB_X_TLS_CERT_FILE and KSB_X_TLS_KEY_FILE go together' },
    ]);
  });
});
