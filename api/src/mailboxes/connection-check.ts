import { verifySmtp, type SmtpSettings } from '../mail/smtp-transport.js';
import { ImapSession, type ImapSettings } from '../mail/imap-session.js';

export interface ConnectionCheckDto {
  imap: { ok: boolean; error: string | null };
  smtp: { ok: boolean; error: string | null };
}

/** "Test connection": sign in to both servers (and open the folders over IMAP); report each clearly. */
export async function checkConnections(imap: ImapSettings, smtp: SmtpSettings, folders: string[]): Promise<ConnectionCheckDto> {
  const [imapResult, smtpResult] = await Promise.allSettled([
    (async () => {
      const session = await ImapSession.open(imap);
      try {
        for (const folder of folders) await session.openFolder(folder);
      } finally {
        await session.close();
      }
    })(),
    verifySmtp(smtp),
  ]);
  const outcome = (result: PromiseSettledResult<void>) =>
    result.status === 'fulfilled' ? { ok: true, error: null } : { ok: false, error: result.reason instanceof Error ? result.reason.message : String(result.reason) };
  return { imap: outcome(imapResult), smtp: outcome(smtpResult) };
}
