import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SmtpReceiver {
  host: string;
  port: number;
  received: ReceivedMail[];
  /** Answers the next DATA commands with these codes (e.g. 421, 550) before accepting again. */
  failNext(...codes: number[]): void;
  stop(): Promise<void>;
}

export const SMTP_USER = 'support';
export const SMTP_PASSWORD = 'smtp-secret';

/** A real SMTP server (the smtp-server package) on 127.0.0.1 that keeps what it receives. */
/** With `oauth`, XOAUTH2 is accepted too: `validToken` decides whether the token signs `user` in. */
export async function startSmtpReceiver(options: { oauth?: { validToken(user: string, token: string): boolean | Promise<boolean> } } = {}): Promise<SmtpReceiver> {
  const received: ReceivedMail[] = [];
  const failures: number[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: options.oauth ? ['PLAIN', 'LOGIN', 'XOAUTH2'] : ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.method === 'XOAUTH2' && options.oauth) {
        void Promise.resolve(options.oauth.validToken(auth.username ?? '', auth.accessToken ?? '')).then((valid) =>
          valid ? callback(null, { user: auth.username }) : callback(null, { data: { status: '401', schemes: 'bearer', scope: 'mail' } }),
        );
        return;
      }
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const code = failures.shift();
        if (code) {
          callback(Object.assign(new Error(code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: code }));
          return;
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received,
    failNext: (...codes) => failures.push(...codes),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
