import { AuditEvent } from './audit/audit-event.entity.js';
import { Attachment } from './conversations/attachment.entity.js';
import { Contact } from './conversations/contact.entity.js';
import { Conversation } from './conversations/conversation.entity.js';
import { ConversationRead } from './conversations/conversation-read.entity.js';
import { ConversationMerge } from './conversations/conversation-merge.entity.js';
import { Message } from './conversations/message.entity.js';
import { DigestRowEntity, DigestSubscriptionRow } from './digest/digest.entity.js';
import { DutyChangeRow, DutyHandoffRow, RotationEarlierSettingsRow, RotationMailboxRow, RotationMemberRow, RotationRow, SwapRequestRow, HandoffNoteRow, CalendarFeedRow, NoticeRow } from './duty/rotation.entity.js';
import {
  AppSettingRow,
  FixReplyRow,
  IssueLinkConversationRow,
  IssueLinkRow,
  IssueLinkThemeRow,
  QuoteRow,
  QuoteThemeRow,
  ThemeRow,
  WebhookDeliveryRow,
  WebhookSecretRow,
} from './feedback/feedback.entity.js';
import { NewTextRun } from './ingest/new-text-run.entity.js';
import { InvitationRow } from './invitations/invitation.entity.js';
import { RawMessage } from './mailboxes/raw-message.entity.js';
import { MailboxFolder } from './mailboxes/mailbox-folder.entity.js';
import { MailboxOAuthRow, OAuthClientRow, OAuthStateRow } from './mailboxes/mailbox-oauth.entity.js';
import { Mailbox } from './mailboxes/mailbox.entity.js';
import { MailboxIdleLease } from './mailboxes/mailbox-idle-lease.entity.js';
import { NotificationEmailStateRow, NotificationPreferenceRow, NotificationRow, PushSubscriptionRow } from './notifications/notification.entity.js';
import { CustomerWait } from './reports/customer-wait.entity.js';
import { HandledEvent } from './reports/handled-event.entity.js';
import { PasswordResetRow } from './people/password-reset.entity.js';
import { Person } from './people/person.entity.js';
import { PasskeyCredentialRow, PendingSignInRow, RecoveryCodeRow, TotpCredentialRow } from './people/second-factor.entity.js';
import { Session } from './people/session.entity.js';
import { ReplyUpload } from './replies/reply-upload.entity.js';
import { HeldConversation } from './replies/held-conversation.entity.js';
import { SavedReply } from './replies/saved-reply.entity.js';
import { SignInThrottleRow } from './people/sign-in-throttle.entity.js';

/** Every entity, registered explicitly (no globs: they break under ESM and bundling). */
export const entities = [Person, Session, AuditEvent, Mailbox, MailboxFolder, MailboxIdleLease, RawMessage, Contact, Conversation, ConversationRead, Message, Attachment, RotationRow, RotationMemberRow, DutyChangeRow, RotationMailboxRow, DutyHandoffRow, SwapRequestRow, HandoffNoteRow, CalendarFeedRow, NoticeRow, QuoteRow, ThemeRow, QuoteThemeRow, IssueLinkRow, IssueLinkThemeRow, IssueLinkConversationRow, FixReplyRow, WebhookSecretRow, WebhookDeliveryRow, AppSettingRow, DigestSubscriptionRow, DigestRowEntity, NewTextRun, OAuthClientRow, MailboxOAuthRow, OAuthStateRow, NotificationRow, NotificationPreferenceRow, InvitationRow, SignInThrottleRow, PasswordResetRow, TotpCredentialRow, PasskeyCredentialRow, RecoveryCodeRow, PendingSignInRow, RotationEarlierSettingsRow, PushSubscriptionRow, NotificationEmailStateRow, ReplyUpload, ConversationMerge, CustomerWait, HandledEvent, SavedReply, HeldConversation];
