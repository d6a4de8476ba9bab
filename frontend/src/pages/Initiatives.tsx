import { Link } from 'react-router-dom';
import { useInitiatives } from '../api/partnerships';
import { Empty, ErrorMessage, Loading } from '../components/Status';
import { useI18n } from '../i18n/context';
import { pickLang } from '../i18n/langMap';

/** The event's initiatives (the Harbin Initiative first of all), with their endorsement counts. */
export function Initiatives() {
  const { t, pick, lang } = useI18n();
  const initiatives = useInitiatives();
  return (
    <div className="page narrow">
      <h1>{t('init.title')}</h1>
      <p className="lead">{t('init.intro')}</p>
      {initiatives.isPending ? <Loading /> : null}
      {initiatives.isError ? <ErrorMessage error={initiatives.error} onRetry={() => void initiatives.refetch()} /> : null}
      {initiatives.data?.length === 0 ? <Empty message={t('init.none')} /> : null}
      <ul className="initiative-list">
        {(initiatives.data ?? []).map((initiative) => {
          const text = pickLang(initiative.current_version.text, lang);
          return (
            <li key={initiative.id} className="card initiative-card">
              <h2>
                <Link to={`/initiatives/${String(initiative.id)}`}>{pick(initiative.title)}</Link>
              </h2>
              <p className="initiative-meta">
                <span className={`chip initiative-${initiative.status}`}>{t(`initiativeStatus.${initiative.status}`)}</span>
                <span className="muted">
                  {initiative.endorsements === 1
                    ? t('init.countOne')
                    : t('init.count', { count: initiative.endorsements })}
                </span>
              </p>
              <p className="initiative-excerpt">{text.length > 240 ? `${text.slice(0, 240)}…` : text}</p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
