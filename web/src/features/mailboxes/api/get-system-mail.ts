import { useQuery } from '@tanstack/react-query';
import type { SystemMailDto } from '../../../../../api/src/notification-delivery/notification-delivery.types';
import { api } from '../../../lib/api-client';

/** Where system mail goes out (SMTP_URL, the first mailbox, or nowhere); under 'mailboxes' so a mailbox change refreshes it. */
export const useSystemMail = () => useQuery({ queryKey: ['mailboxes', 'system-mail'], queryFn: () => api<SystemMailDto>('GET', '/api/system-mail') });
