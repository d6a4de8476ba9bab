import { useI18n } from '../i18n/context';
import { pageCount } from '../lib/integrations';

/** Previous and next buttons for a paged list; nothing when everything fits on one page. */
export function Pager({
  page,
  total,
  perPage,
  onPage,
}: {
  page: number;
  total: number;
  perPage: number;
  onPage: (page: number) => void;
}) {
  const { t } = useI18n();
  const pages = pageCount(total, perPage);
  if (pages <= 1 && page <= 1) return null;
  return (
    <nav className="pager" aria-label={t('acc.pageOf', { page, pages })}>
      <button
        type="button"
        className="button button-secondary"
        disabled={page <= 1}
        onClick={() => {
          onPage(page - 1);
        }}
      >
        ← {t('acc.prev')}
      </button>
      <span>{t('acc.pageOf', { page, pages })}</span>
      <button
        type="button"
        className="button button-secondary"
        disabled={page >= pages}
        onClick={() => {
          onPage(page + 1);
        }}
      >
        {t('acc.next')} →
      </button>
    </nav>
  );
}
