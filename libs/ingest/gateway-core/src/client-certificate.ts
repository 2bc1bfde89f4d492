import { BridgeError } from '@ksb/errors';

/** Whether agencies present a client certificate: off, optional (checked when given) or required. */
export type ClientCertificateMode = 'off' | 'optional' | 'required';

/** What the TLS layer says about the peer: whether its certificate chains to the agencies' CA, and its name. */
export interface PresentedCertificate {
  readonly authorized: boolean;
  readonly commonName?: string;
}

export class ClientCertificateRequiredError extends BridgeError {
  readonly code = 'CLIENT_CERTIFICATE_REQUIRED';
  readonly retriable = false;
}

/** A valid certificate of another office than the API key's: one stolen credential must not be enough. */
export class ClientCertificateNotSendersError extends BridgeError {
  readonly code = 'CLIENT_CERTIFICATE_NOT_SENDERS';
  readonly retriable = false;
}

/**
 * The second factor for agencies that have one: a certificate issued to the office (CN = office id) by the CA
 * the operators trust for agencies. With `optional`, a presented certificate must still be valid and the
 * sender's; without one the API key alone decides.
 */
export const clientCertificateProblem = (
  officeId: string,
  certificate: PresentedCertificate | undefined,
  mode: ClientCertificateMode,
): BridgeError | undefined => {
  if (mode === 'off') return undefined;
  const presented = certificate?.commonName !== undefined;
  if (!presented)
    return mode === 'required'
      ? new ClientCertificateRequiredError('this gateway requires a client certificate of the sending office')
      : undefined;
  if (!certificate?.authorized)
    return new ClientCertificateRequiredError('the client certificate is not issued by the agencies’ CA');
  if (certificate.commonName !== officeId)
    return new ClientCertificateNotSendersError(
      `the client certificate names ${certificate.commonName}, the API key ${officeId}`,
    );
  return undefined;
};
