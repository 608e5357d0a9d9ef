import { isIP } from 'node:net';
import { connect } from 'node:tls';

/**
 * Whether a TLS handshake succeeds on host:port (the server certificate is not checked: only the protocol
 * matters). Asked only after a plain connection was dropped before any reply, which is what a TLS port does
 * with plain RESP; a server that requires client certificates still completes the handshake or alerts, both TLS.
 */
export function speaksTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({
      host,
      port,
      rejectUnauthorized: false,
      ...(isIP(host) ? {} : { servername: host }),
    });
    const finish = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      done(answer);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('secureConnect', () => finish(true));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(/_ALERT_/.test(error.code ?? '')));
  });
}
