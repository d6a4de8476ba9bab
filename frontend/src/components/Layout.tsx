import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { isStaff, useAuth } from '../api/context';
import { onSecondFactorSetupRequired } from '../api/problem';
import { useI18n } from '../i18n/context';
import { LanguageSwitch } from './LanguageSwitch';

/** Where staff set up two-factor sign-in. */
const SECURITY_PATH = '/account/security';

/**
 * Sends staff to set up two-factor sign-in whenever the API refuses a call because an
 * administrator requires it (403 `/problems/second-factor-setup-required`), from any page.
 */
function useSecondFactorSetupRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location.pathname);
  useEffect(() => {
    here.current = location.pathname;
  }, [location.pathname]);
  useEffect(
    () =>
      onSecondFactorSetupRequired(() => {
        void navigate(`${SECURITY_PATH}?required=1`, { replace: here.current === SECURITY_PATH });
      }),
    [navigate],
  );
}

/** The frame of every page: header with navigation, language and user; the page; footer. */
export function Layout() {
  const { t } = useI18n();
  const { me, session, signOut } = useAuth();
  const navigate = useNavigate();
  const staff = isStaff(me);
  useSecondFactorSetupRedirect();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <NavLink to="/" className="brand">
            <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
              <rect width="32" height="32" rx="7" />
              <path d="M16 5l2.6 6.4 6.9.5-5.3 4.4 1.7 6.7L16 19.3 10.1 23l1.7-6.7-5.3-4.4 6.9-.5z" />
            </svg>
            <span>{t('app.name')}</span>
          </NavLink>
          <nav aria-label={t('nav.main')} className="main-nav">
            <NavLink to="/" end>
              {t('nav.home')}
            </NavLink>
            <NavLink to="/programme">{t('nav.programme')}</NavLink>
            <NavLink to="/directory">{t('nav.directory')}</NavLink>
            <NavLink to="/cities">{t('nav.cities')}</NavLink>
            <NavLink to="/partnerships">{t('nav.partnerships')}</NavLink>
            <NavLink to="/initiatives">{t('nav.initiatives')}</NavLink>
            <NavLink to="/expo">{t('nav.expo')}</NavLink>
            {me?.role === 'delegate' ? (
              <NavLink to="/me" end>
                {t('nav.me')}
              </NavLink>
            ) : null}
            {me?.role === 'delegate' ? <NavLink to="/me/agenda">{t('nav.agenda')}</NavLink> : null}
            {me?.role === 'delegate' ? <NavLink to="/me/meetings">{t('nav.meetings')}</NavLink> : null}
            {me?.role === 'delegate' ? <NavLink to="/me/recommended">{t('nav.recommended')}</NavLink> : null}
            {me?.role === 'exhibitor' ? <NavLink to="/exhibitor">{t('nav.exhibitorPortal')}</NavLink> : null}
            {staff ? <NavLink to="/admin/accreditation">{t('nav.accreditation')}</NavLink> : null}
            {staff ? <NavLink to="/admin/check-in">{t('nav.checkIn')}</NavLink> : null}
            {staff ? <NavLink to="/admin/partnerships">{t('nav.partnershipEditor')}</NavLink> : null}
            {staff ? <NavLink to="/admin/programme">{t('nav.sessionEditor')}</NavLink> : null}
            {staff ? <NavLink to="/admin/expo" end>{t('nav.booths')}</NavLink> : null}
            {staff ? <NavLink to="/admin/expo/exhibitors">{t('nav.applications')}</NavLink> : null}
            {staff ? <NavLink to="/admin/import">{t('nav.import')}</NavLink> : null}
            {staff ? <NavLink to="/admin/erasure-requests">{t('nav.erasures')}</NavLink> : null}
            {me?.role === 'admin' ? <NavLink to="/admin/users">{t('nav.users')}</NavLink> : null}
            {me?.role === 'admin' ? <NavLink to="/admin/mails">{t('nav.mails')}</NavLink> : null}
            {me?.role === 'admin' ? <NavLink to="/admin/api-tokens">{t('nav.apiTokens')}</NavLink> : null}
            {me?.role === 'admin' ? <NavLink to="/admin/webhooks">{t('nav.webhooks')}</NavLink> : null}
            {me?.role === 'admin' ? <NavLink to="/admin/audit">{t('nav.audit')}</NavLink> : null}
            {me ? <NavLink to="/account">{t('nav.account')}</NavLink> : null}
          </nav>
          <div className="header-tools">
            <LanguageSwitch />
            {session ? (
              <div className="user">
                {me ? (
                  <span className="user-name" title={me.email}>
                    <span className="visually-hidden">
                      {t('nav.signedInAs', { name: me.display_name, role: t(`role.${me.role}`) })}
                    </span>
                    <span aria-hidden="true">
                      {me.display_name} <span className="role-tag">{t(`role.${me.role}`)}</span>
                    </span>
                  </span>
                ) : null}
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() => {
                    void signOut().then(() => navigate('/'));
                  }}
                >
                  {t('nav.signOut')}
                </button>
              </div>
            ) : (
              <NavLink to="/login" className="button button-small">
                {t('nav.signIn')}
              </NavLink>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          {t('app.name')} · <a href="/docs/">API</a>
        </p>
      </footer>
    </>
  );
}
