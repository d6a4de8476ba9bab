import { Link } from 'react-router-dom';
import { useAuth } from '../api/context';
import { useHalls, useRecommendedExhibitors } from '../api/expo';
import { ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { ExhibitorCard } from './Expo';

/** Exhibitors the matchmaking suggests for the signed-in delegate, each with its reason. */
export function Recommended() {
  const { t, pick } = useI18n();
  const { me } = useAuth();
  const delegateId = me?.delegate_id ?? null;
  const recommended = useRecommendedExhibitors(delegateId);
  const halls = useHalls();
  const hallName = new Map((halls.data ?? []).map((hall) => [hall.id, pick(hall.name)]));

  if (delegateId === null) {
    return (
      <div className="page narrow">
        <p className="state state-error" role="alert">
          {t('guard.noDelegate')}
        </p>
      </div>
    );
  }

  const items = recommended.data?.items ?? [];
  return (
    <div className="page wide">
      <h1>{t('recommended.title')}</h1>
      <p className="lead">{t('recommended.intro')}</p>
      {recommended.isPending ? <Loading /> : null}
      {recommended.isError ? <ErrorMessage error={recommended.error} onRetry={() => void recommended.refetch()} /> : null}
      {recommended.data && items.length === 0 ? (
        <div className="state state-empty">
          <p>{t('recommended.none')}</p>
          <Link to="/expo">{t('recommended.browse')}</Link>
        </div>
      ) : null}
      {items.length > 0 ? (
        <ul className="cards exhibitor-cards">
          {items.map((item) => (
            <ExhibitorCard key={item.exhibitor.id} exhibitor={item.exhibitor} hallName={hallName}>
              <p className="why">
                <span className="why-label">{t('recommended.why')}</span> {item.explanation}
              </p>
              <p className="muted small">{t('recommended.score', { score: item.score })}</p>
              <Link
                className="button button-small"
                to={`/me/meetings?exhibitor=${String(item.exhibitor.id)}`}
                aria-label={t('meetings.requestWith', { name: pick(item.exhibitor.name) })}
              >
                {t('meetings.request')}
              </Link>
            </ExhibitorCard>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
