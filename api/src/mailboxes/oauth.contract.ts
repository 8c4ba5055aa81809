import { z } from 'zod';

const url = z.string().trim().url().max(2000);
const oauthProvider = z.enum(['google', 'microsoft', 'oauth_custom']);

export const oauthClientRequestSchema = z
  .object({
    clientId: z.string().trim().min(1, 'Client id is required').max(500),
    /** Omitted: keep the stored secret; empty: no secret (a public client). */
    clientSecret: z.string().max(2000).optional(),
    authorizationUrl: url.optional(),
    tokenUrl: url.optional(),
    userinfoUrl: url.optional(),
    scopes: z.string().trim().max(2000).optional(),
  })
  .strict();
export type OAuthClientRequest = z.input<typeof oauthClientRequestSchema>;

const server = z.object({ host: z.string().trim().min(1).max(253), port: z.number().int().min(1).max(65535), tls: z.boolean() }).strict();

/** Starts the browser sign-in: a new mailbox (name, and for the custom provider its servers) or a reconnect. */
export const oauthStartRequestSchema = z
  .object({
    provider: oauthProvider,
    mailboxId: z.string().uuid().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /** Needed when the provider does not tell the address (a custom server without userinfo). */
    address: z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address' })).optional(),
    imap: server.optional(),
    smtp: server.optional(),
    folders: z.array(z.string().trim().min(1).max(500)).min(1).max(20).optional(),
  })
  .strict();
export type OAuthStartRequest = z.input<typeof oauthStartRequestSchema>;
export const oauthProviderSchema = oauthProvider;
