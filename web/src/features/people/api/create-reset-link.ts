import { useMutation } from '@tanstack/react-query';
import type { ResetLinkDto } from '../../../../../api/src/people/account.types';
import { api } from '../../../lib/api-client';

export const createResetLink = (personId: string) => api<ResetLinkDto>('POST', `/api/people/${encodeURIComponent(personId)}/reset-link`, {});

export const useCreateResetLink = () => useMutation({ mutationFn: createResetLink });
