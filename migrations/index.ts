import { CreatePerson1764300000000 } from './1764300000000-create-person.js';
import { CreateSession1764300000001 } from './1764300000001-create-session.js';
import { CreateAuditEvent1764300000002 } from './1764300000002-create-audit-event.js';
import { CreateMailbox1764400000000 } from './1764400000000-create-mailbox.js';
import { CreateRawMessage1764400000001 } from './1764400000001-create-raw-message.js';
import { CreateConversations1764400000002 } from './1764400000002-create-conversations.js';
import { CreateRotation1764500000000 } from './1764500000000-create-rotation.js';
import { RotationMailboxesAndHandoffs1764500000001 } from './1764500000001-rotation-mailboxes-and-handoffs.js';
import { CreateSwapRequest1764500000002 } from './1764500000002-create-swap-request.js';
import { CreateHandoffNote1764500000003 } from './1764500000003-create-handoff-note.js';
import { CreateCalendarFeed1764500000004 } from './1764500000004-create-calendar-feed.js';
import { CreateNotice1764500000005 } from './1764500000005-create-notice.js';
import { InboxAndReplies1764600000000 } from './1764600000000-inbox-and-replies.js';
import { CreateFeedback1764700000000 } from './1764700000000-create-feedback.js';
import { CreateDigest1764800000000 } from './1764800000000-create-digest.js';
import { NewTextReprocessing1765000000000 } from './1765000000000-new-text-reprocessing.js';
import { CreateSignInThrottle1765200000000 } from './1765200000000-create-sign-in-throttle.js';
import { BoundCustomerTextIndexes1765200000001 } from './1765200000001-bound-customer-text-indexes.js';
import { CreatePasswordReset1765200000002 } from './1765200000002-create-password-reset.js';
import { MailboxOauth1765300000000 } from './1765300000000-mailbox-oauth.js';
import { CreateNotification1765400000000 } from './1765400000000-create-notification.js';
import { CreateInvitation1765400000001 } from './1765400000001-create-invitation.js';
import { CreateNotificationPreference1765400000002 } from './1765400000002-create-notification-preference.js';
import { ReplyFlow1765500000000 } from './1765500000000-reply-flow.js';
import { FixSummaryAndDutyPerson1765600000000 } from './1765600000000-fix-summary-and-duty-person.js';
import { NoticeEmailRetries1765600000001 } from './1765600000001-notice-email-retries.js';
import { RotationMailboxRoutedSince1765600000002 } from './1765600000002-rotation-mailbox-routed-since.js';
import { WebhookOrderingAndMemberActions1765700000000 } from './1765700000000-webhook-ordering-and-member-actions.js';
import { MailboxIdleLease1796384159710 } from './1796384159710-mailbox-idle-lease.js';
import { BulkKind1796384160139 } from './1796384160139-bulk-kind.js';
import { SearchUnaccent1796384167395 } from './1796384167395-search-unaccent.js';
import { NotificationChannels1796384196000 } from './1796384196000-notification-channels.js';
import { SecondFactor1796384201686 } from './1796384201686-second-factor.js';
import { ListFactsIndexes1796384270071 } from './1796384270071-list-facts-indexes.js';
import { ReplyUploads1796384273863 } from './1796384273863-reply-uploads.js';
import { RotationEarlierSettings1796384291071 } from './1796384291071-rotation-earlier-settings.js';
import { ContactNote1796384403278 } from './1796384403278-contact-note.js';
import { MessageReportIndex1796384762465 } from './1796384762465-message-report-index.js';
import { ConversationMerge1796385450301 } from './1796385450301-conversation-merge.js';
import { UndoSend1796394769456 } from './1796394769456-undo-send.js';
import { ForwardKind1796394774444 } from './1796394774444-forward-kind.js';
import { CustomerWait1796394862287 } from './1796394862287-customer-wait.js';
import { ConversationCounts1796395018243 } from './1796395018243-conversation-counts.js';
import { MailboxFromName1796396726849 } from './1796396726849-mailbox-from-name.js';
import { SavedReply1796400140445 } from './1796400140445-saved-reply.js';
import { ConversationMergeMoved1796405539061 } from './1796405539061-conversation-merge-moved.js';
import { ReportHandled1796406454819 } from './1796406454819-report-handled.js';
import { HeldConversation1796416858704 } from './1796416858704-held-conversation.js';
import { ReportAnswered1796417078820 } from './1796417078820-report-answered.js';
import { AttachmentOrder1796418425654 } from './1796418425654-attachment-order.js';
import { SignInChanges1796428987517 } from './1796428987517-sign-in-changes.js';

/** Every migration in order. Add new ones at the end; never edit one that has shipped. */
export const migrations = [
  CreatePerson1764300000000,
  CreateSession1764300000001,
  CreateAuditEvent1764300000002,
  CreateMailbox1764400000000,
  CreateRawMessage1764400000001,
  CreateConversations1764400000002,
  CreateRotation1764500000000,
  RotationMailboxesAndHandoffs1764500000001,
  CreateSwapRequest1764500000002,
  CreateHandoffNote1764500000003,
  CreateCalendarFeed1764500000004,
  CreateNotice1764500000005,
  InboxAndReplies1764600000000,
  CreateFeedback1764700000000,
  CreateDigest1764800000000,
  NewTextReprocessing1765000000000,
  CreateSignInThrottle1765200000000,
  BoundCustomerTextIndexes1765200000001,
  CreatePasswordReset1765200000002,
  MailboxOauth1765300000000,
  CreateNotification1765400000000,
  CreateInvitation1765400000001,
  CreateNotificationPreference1765400000002,
  ReplyFlow1765500000000,
  FixSummaryAndDutyPerson1765600000000,
  NoticeEmailRetries1765600000001,
  RotationMailboxRoutedSince1765600000002,
  WebhookOrderingAndMemberActions1765700000000,
  MailboxIdleLease1796384159710,
  BulkKind1796384160139,
  SearchUnaccent1796384167395,
  NotificationChannels1796384196000,
  SecondFactor1796384201686,
  ListFactsIndexes1796384270071,
  ReplyUploads1796384273863,
  RotationEarlierSettings1796384291071,
  ContactNote1796384403278,
  MessageReportIndex1796384762465,
  ConversationMerge1796385450301,
  UndoSend1796394769456,
  ForwardKind1796394774444,
  CustomerWait1796394862287,
  ConversationCounts1796395018243,
  MailboxFromName1796396726849,
  SavedReply1796400140445,
  ConversationMergeMoved1796405539061,
  ReportHandled1796406454819,
  HeldConversation1796416858704,
  ReportAnswered1796417078820,
  AttachmentOrder1796418425654,
  SignInChanges1796428987517,
];
