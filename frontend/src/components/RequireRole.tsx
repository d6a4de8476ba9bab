import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from '../api/context';
import type { Role } from '../api/types';
import { useI18n } from '../i18n/context';
import { ErrorMessage, Loading } from './Status';

/** Shows `children` to users with one of `roles`; sends anyone else to sign in, or says no. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { session, me, pending, meError, retryMe } = useAuth();
  const { t } = useI18n();
  const location = useLocation();

  if (!session) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (meError && !me) {
    return (
      <div className="page narrow">
        <ErrorMessage error={meError} onRetry={retryMe} />
      </div>
    );
  }
  if (pending || !me) return <Loading />;
  if (!roles.includes(me.role)) {
    const names = roles.map((role) => t(`role.${role}`)).join(' / ');
    return (
      <div className="page narrow">
        <p className="state state-error" role="alert">
          {t('guard.forbidden', { roles: names })}
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
