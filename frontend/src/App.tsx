import { Route, Routes } from 'react-router-dom';
import { Layout } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { Accreditation } from './pages/admin/Accreditation';
import { CheckIn } from './pages/admin/CheckIn';
import { Cities } from './pages/Cities';
import { Directory } from './pages/Directory';
import { Home } from './pages/Home';
import { Login } from './pages/Login';
import { MyAgenda } from './pages/MyAgenda';
import { MyProfile } from './pages/MyProfile';
import { NotFound } from './pages/NotFound';
import { Programme } from './pages/Programme';
import { SessionPage } from './pages/SessionPage';

const STAFF = ['admin', 'organizer'] as const;

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
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
