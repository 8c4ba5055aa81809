import { z } from 'zod';

const host = z.string().trim().min(1, 'Host is required').max(253);
const port = z.number().int().min(1).max(65535);
const serverSettings = z.object({
  host,
  port,
  tls: z.boolean(),
  user: z.string().min(1, 'User is required').max(320),
  password: z.string().min(1, 'Password is required').max(1024),
});

const folder = z.string().trim().min(1).max(500);

export const createMailboxRequestSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(200),
  address: z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address' })),
  imap: serverSettings,
  smtp: serverSettings,
  folders: z.array(folder).min(1).max(20).default(['INBOX']),
  allowSelfSigned: z.boolean().default(false),
  pollIntervalSeconds: z.number().int().min(15).max(3600).default(60),
  /** Where a conversation goes after a reply (default pending). */
  afterReply: z.enum(['pending', 'open', 'closed']).optional(),
  /** How replies name their sender: the person, the mailbox, or both ("Ana at Acme Support", the default). */
  fromName: z.enum(['person', 'mailbox', 'both']).optional(),
});
export type CreateMailboxRequest = z.input<typeof createMailboxRequestSchema>;

const serverUpdate = z
  .object({ host, port, tls: z.boolean(), user: z.string().min(1).max(320), password: z.string().min(1).max(1024) })
  .partial()
  .strict();

export const updateMailboxRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address' })),
    imap: serverUpdate,
    smtp: serverUpdate,
    folders: z.array(folder).min(1).max(20),
    allowSelfSigned: z.boolean(),
    pollIntervalSeconds: z.number().int().min(15).max(3600),
    afterReply: z.enum(['pending', 'open', 'closed']),
    fromName: z.enum(['person', 'mailbox', 'both']),
  })
  .partial()
  .strict();
export type UpdateMailboxRequest = z.input<typeof updateMailboxRequestSchema>;

/** Test a connection before saving: the same settings as creating a mailbox. */
export const testConnectionRequestSchema = createMailboxRequestSchema.pick({ imap: true, smtp: true, folders: true, allowSelfSigned: true });
