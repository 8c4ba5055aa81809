import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const confirmPasswordReset = (input: { token: string; newPassword: string }) => api<void>('POST', '/api/password-reset/confirm', input);

export const useConfirmPasswordReset = () => useMutation({ mutationFn: confirmPasswordReset });
