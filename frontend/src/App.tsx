import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { Loading } from './components/Status';
import type { Role } from './api/types';
import { Accreditation } from './pages/admin/Accreditation';
import { CheckIn } from './pages/admin/CheckIn';
import { Cities } from './pages/Cities';
import { CityPage } from './pages/CityPage';
import { Directory } from './pages/Directory';
import { Home } from './pages/Home';
import { InitiativePage } from './pages/InitiativePage';
import { Initiatives } from './pages/Initiatives';
import { Login } from './pages/Login';
import { MyAgenda } from './pages/MyAgenda';
import { MyProfile } from './pages/MyProfile';
import { NotFound } from './pages/NotFound';
import { PathFinder } from './pages/PathFinder';
import { Programme } from './pages/Programme';
import { SessionPage } from './pages/SessionPage';

const STAFF = ['admin', 'organizer'] as const;
const ADMIN = ['admin'] as const;
/** Everyone who signs in (partner systems use API tokens, not this app). */
const EVERYONE = ['admin', 'organizer', 'delegate', 'exhibitor'] as const;

/** The map brings d3-geo and the world atlas: loaded only when the map is opened. */
const PartnershipMap = lazy(() => import('./pages/PartnershipMap').then((m) => ({ default: m.PartnershipMap })));
/** The partnership editor is for organizers only: visitors never download it. */
const Partnerships = lazy(() => import('./pages/admin/Partnerships').then((m) => ({ default: m.Partnerships })));
const PartnershipEditor = lazy(() =>
  import('./pages/admin/PartnershipEditor').then((m) => ({ default: m.PartnershipEditor })),
);
/** The expo, the meetings and the session editor: each page loads when first opened. */
const Expo = lazy(() => import('./pages/Expo').then((m) => ({ default: m.Expo })));
const ExhibitorPage = lazy(() => import('./pages/ExhibitorPage').then((m) => ({ default: m.ExhibitorPage })));
const FloorPlanPage = lazy(() => import('./pages/FloorPlanPage').then((m) => ({ default: m.FloorPlanPage })));
const MyMeetings = lazy(() => import('./pages/MyMeetings').then((m) => ({ default: m.MyMeetings })));
const Recommended = lazy(() => import('./pages/Recommended').then((m) => ({ default: m.Recommended })));
const ExhibitorPortal = lazy(() => import('./pages/ExhibitorPortal').then((m) => ({ default: m.ExhibitorPortal })));
const BoothAssignmentIndex = lazy(() =>
  import('./pages/admin/BoothAssignment').then((m) => ({ default: m.BoothAssignmentIndex })),
);
const BoothAssignment = lazy(() => import('./pages/admin/BoothAssignment').then((m) => ({ default: m.BoothAssignment })));
const ExhibitorApplications = lazy(() =>
  import('./pages/admin/ExhibitorApplications').then((m) => ({ default: m.ExhibitorApplications })),
);
/** Bulk import from CSV: organizers and admins only. */
const CsvImport = lazy(() => import('./pages/admin/CsvImport').then((m) => ({ default: m.CsvImport })));
const SessionList = lazy(() => import('./pages/admin/SessionEditor').then((m) => ({ default: m.SessionList })));
/** The integration pages are for admins only: nobody else downloads them. */
const ApiTokens = lazy(() => import('./pages/admin/ApiTokens').then((m) => ({ default: m.ApiTokens })));
const Webhooks = lazy(() => import('./pages/admin/Webhooks').then((m) => ({ default: m.Webhooks })));
const WebhookPage = lazy(() => import('./pages/admin/Webhooks').then((m) => ({ default: m.WebhookPage })));
const AuditLog = lazy(() => import('./pages/admin/AuditLog').then((m) => ({ default: m.AuditLog })));
/** Accounts, the mail log and bulk invitations: back office only. */
const Users = lazy(() => import('./pages/admin/Users').then((m) => ({ default: m.Users })));
const MailLog = lazy(() => import('./pages/admin/MailLog').then((m) => ({ default: m.MailLog })));
const InviteDelegates = lazy(() => import('./pages/admin/InviteDelegates').then((m) => ({ default: m.InviteDelegates })));
/** The pages of mailed links: opened once by each person, so loaded only then. */
const AcceptInvitation = lazy(() => import('./pages/AcceptInvitation').then((m) => ({ default: m.AcceptInvitation })));
const ForgotPassword = lazy(() => import('./pages/ForgotPassword').then((m) => ({ default: m.ForgotPassword })));
const ResetPassword = lazy(() => import('./pages/ResetPassword').then((m) => ({ default: m.ResetPassword })));
/** A person's own settings and data; staff's two-factor sign-in; organizers' erasure requests. */
const Account = lazy(() => import('./pages/Account').then((m) => ({ default: m.Account })));
const Security = lazy(() => import('./pages/Security').then((m) => ({ default: m.Security })));
const ErasureRequests = lazy(() =>
  import('./pages/admin/ErasureRequests').then((m) => ({ default: m.ErasureRequests })),
);
const SessionEditor = lazy(() => import('./pages/admin/SessionEditor').then((m) => ({ default: m.SessionEditor })));

/** A lazily loaded page, behind the roles that may see it (none: everyone). */
function Page({ children, roles }: { children: ReactNode; roles?: readonly Role[] }) {
  const page = <Suspense fallback={<Loading />}>{children}</Suspense>;
  return roles ? <RequireRole roles={roles}>{page}</RequireRole> : page;
}

/** The routes: public pages, the delegate portal and the back office. */
export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="programme" element={<Programme />} />
        <Route path="programme/:id" element={<SessionPage />} />
        <Route path="directory" element={<Directory />} />
        <Route path="cities" element={<Cities />} />
        <Route path="cities/:id" element={<CityPage />} />
        <Route
          path="partnerships"
          element={
            <Suspense fallback={<Loading />}>
              <PartnershipMap />
            </Suspense>
          }
        />
        <Route path="partnerships/path" element={<PathFinder />} />
        <Route path="initiatives" element={<Initiatives />} />
        <Route path="initiatives/:id" element={<InitiativePage />} />
        <Route path="expo" element={<Page><Expo /></Page>} />
        <Route path="expo/exhibitors/:id" element={<Page><ExhibitorPage /></Page>} />
        <Route path="expo/halls/:id" element={<Page><FloorPlanPage /></Page>} />
        <Route path="login" element={<Login />} />
        <Route path="invitation" element={<Page><AcceptInvitation /></Page>} />
        <Route path="forgot-password" element={<Page><ForgotPassword /></Page>} />
        <Route path="reset-password" element={<Page><ResetPassword /></Page>} />
        <Route
          path="me"
          element={
            <RequireRole roles={['delegate']}>
              <MyProfile />
            </RequireRole>
          }
        />
        <Route
          path="me/agenda"
          element={
            <RequireRole roles={['delegate']}>
              <MyAgenda />
            </RequireRole>
          }
        />
        <Route path="me/meetings" element={<Page roles={['delegate']}><MyMeetings /></Page>} />
        <Route path="me/recommended" element={<Page roles={['delegate']}><Recommended /></Page>} />
        <Route path="account" element={<Page roles={EVERYONE}><Account /></Page>} />
        <Route path="account/security" element={<Page roles={STAFF}><Security /></Page>} />
        <Route path="admin/erasure-requests" element={<Page roles={STAFF}><ErasureRequests /></Page>} />
        <Route path="exhibitor" element={<Page roles={['exhibitor']}><ExhibitorPortal /></Page>} />
        <Route path="admin/expo" element={<Page roles={STAFF}><BoothAssignmentIndex /></Page>} />
        <Route path="admin/expo/halls/:id" element={<Page roles={STAFF}><BoothAssignment /></Page>} />
        <Route path="admin/expo/exhibitors" element={<Page roles={STAFF}><ExhibitorApplications /></Page>} />
        <Route path="admin/programme" element={<Page roles={STAFF}><SessionList /></Page>} />
        <Route path="admin/programme/new" element={<Page roles={STAFF}><SessionEditor /></Page>} />
        <Route path="admin/programme/:id" element={<Page roles={STAFF}><SessionEditor /></Page>} />
        <Route path="admin/import" element={<Page roles={STAFF}><CsvImport /></Page>} />
        <Route path="admin/api-tokens" element={<Page roles={ADMIN}><ApiTokens /></Page>} />
        <Route path="admin/webhooks" element={<Page roles={ADMIN}><Webhooks /></Page>} />
        <Route path="admin/webhooks/:id" element={<Page roles={ADMIN}><WebhookPage /></Page>} />
        <Route path="admin/audit" element={<Page roles={ADMIN}><AuditLog /></Page>} />
        <Route path="admin/users" element={<Page roles={ADMIN}><Users /></Page>} />
        <Route path="admin/mails" element={<Page roles={ADMIN}><MailLog /></Page>} />
        <Route path="admin/invitations" element={<Page roles={STAFF}><InviteDelegates /></Page>} />
        <Route
          path="admin/accreditation"
          element={
            <RequireRole roles={STAFF}>
              <Accreditation />
            </RequireRole>
          }
        />
        <Route
          path="admin/check-in"
          element={
            <RequireRole roles={STAFF}>
              <CheckIn />
            </RequireRole>
          }
        />
        <Route
          path="admin/partnerships"
          element={
            <RequireRole roles={STAFF}>
              <Suspense fallback={<Loading />}>
                <Partnerships />
              </Suspense>
            </RequireRole>
          }
        />
        <Route
          path="admin/partnerships/:id"
          element={
            <RequireRole roles={STAFF}>
              <Suspense fallback={<Loading />}>
                <PartnershipEditor />
              </Suspense>
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
