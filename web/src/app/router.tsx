import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { Spinner } from '../components/status';
import { SetupPage } from '../features/auth/components/setup-page';
import { RequireEnrolment, RequireGuest, RequireSession } from '../features/auth/components/session-gate';
import { EnrolSecondFactorPage } from '../features/auth/components/enrol-second-factor-page';
import { SecondStepPage } from '../features/auth/components/second-step-page';
import { ForgotPasswordPage } from '../features/auth/components/forgot-password-page';
import { ResetPasswordPage } from '../features/auth/components/reset-password-page';
import { SignInPage } from '../features/auth/components/sign-in-page';
import { FeedbackPage } from '../features/feedback/components/feedback-page';
import { InboxPage } from '../features/inbox/components/inbox-page';
import { InvitationPage } from '../features/invitations/components/invitation-page';
import { SettingsPage } from '../features/mailboxes/components/settings-page';
import { PeoplePage } from '../features/people/components/people-page';
import { ProfilePage } from '../features/profile/components/profile-page';
import { SavedRepliesPage } from '../features/saved-replies/components/saved-replies-page';
import { RotationPage } from '../features/rotation/components/rotation-page';
import { AppShell } from '../features/shell/components/app-shell';
import { NotFoundPage } from '../features/shell/components/not-found-page';

// The charts library is loaded with the Reports page only, not with the inbox.
const ReportsPage = lazy(() => import('../features/reports/components/reports-page').then((module) => ({ default: module.ReportsPage })));

export const router = createBrowserRouter([
  { element: <RequireGuest page="setup" />, children: [{ path: '/setup', element: <SetupPage /> }] },
  {
    element: <RequireGuest page="sign-in" />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-in/second-step', element: <SecondStepPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
    ],
  },
  { element: <RequireEnrolment />, children: [{ path: '/enrol-second-factor', element: <EnrolSecondFactorPage /> }] },
  // Opened from a link, signed in or not.
  { path: '/reset-password', element: <ResetPasswordPage /> },
  // An invitation link works whoever is signed in on this browser: accepting signs the new person in.
  { path: '/invite/:token', element: <InvitationPage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppShell />,
        children: [
          { path: '/', element: <Navigate to="/inbox" replace /> },
          { path: '/inbox', element: <Navigate to="/inbox/open" replace /> },
          // One route, so opening a conversation keeps the list mounted.
          { path: '/inbox/:view/:conversationId?', element: <InboxPage /> },
          { path: '/rotation', element: <RotationPage /> },
          { path: '/feedback', element: <Navigate to="/feedback/themes" replace /> },
          { path: '/feedback/:tab/:id?', element: <FeedbackPage /> },
          {
            path: '/reports',
            element: (
              <Suspense fallback={<Spinner label="Loading the reports…" />}>
                <ReportsPage />
              </Suspense>
            ),
          },
          { path: '/people', element: <PeoplePage /> },
          { path: '/settings', element: <SettingsPage /> },
          { path: '/saved-replies', element: <SavedRepliesPage /> },
          { path: '/profile', element: <ProfilePage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
