import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { Loading } from './components/Status';
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

/** The map brings d3-geo and the world atlas: loaded only when the map is opened. */
const PartnershipMap = lazy(() => import('./pages/PartnershipMap').then((m) => ({ default: m.PartnershipMap })));
/** The partnership editor is for organizers only: visitors never download it. */
const Partnerships = lazy(() => import('./pages/admin/Partnerships').then((m) => ({ default: m.Partnerships })));
const PartnershipEditor = lazy(() =>
  import('./pages/admin/PartnershipEditor').then((m) => ({ default: m.PartnershipEditor })),
);

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
        <Route path="login" element={<Login />} />
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
