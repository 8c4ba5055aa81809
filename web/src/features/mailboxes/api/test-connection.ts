import { useMutation } from '@tanstack/react-query';
import type { CreateMailboxRequest } from '../../../../../api/src/mailboxes/mailboxes.contract';
import type { ConnectionCheckResultDto } from '../../../../../api/src/mailboxes/mailboxes.types';
import { api } from '../../../lib/api-client';

type TestInput = Pick<CreateMailboxRequest, 'imap' | 'smtp' | 'folders' | 'allowSelfSigned'>;

export const testConnection = (input: TestInput | { id: string }) =>
  'id' in input
    ? api<ConnectionCheckResultDto>('POST', `/api/mailboxes/${encodeURIComponent(input.id)}/test-connection`)
    : api<ConnectionCheckResultDto>('POST', '/api/mailboxes/test-connection', input);

export const useTestConnection = () => useMutation({ mutationFn: testConnection });
