import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/context';

export function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to="/">{t('notFound.back')}</Link>
      </p>
    </div>
  );
}
