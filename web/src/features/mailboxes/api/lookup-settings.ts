import { useMutation } from '@tanstack/react-query';
import type { MailSettingsGuessDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { api } from '../../../lib/api-client';

/** Well-known IMAP/SMTP settings for an address (built-in table, then the domain's autoconfig). */
export const useLookupSettings = () =>
  useMutation({
    mutationFn: (address: string) => api<{ settings: MailSettingsGuessDto | null }>('GET', `/api/mail-settings/lookup?address=${encodeURIComponent(address)}`),
  });
