import { Fragment, useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useApi } from '../../api/context';
import { fetchExport, useCsvImport, type CsvFile } from '../../api/imports';
import { ApiError } from '../../api/problem';
import type { FieldError, ImportReport } from '../../api/types';
import { ErrorMessage } from '../../components/Status';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import {
  formatBytes,
  groupImportErrors,
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  isImportKind,
  MAX_CSV_BYTES,
  MAX_LISTED_ERRORS,
  readCsvShape,
  templateHref,
  type CsvShape,
  type ErrorGroup,
  type ErrorGrouping,
  type ImportKind,
} from '../../lib/csvImport';
import { DELEGATE_ROLES } from '../../lib/enums';
import { EXHIBITOR_KINDS, SECTORS } from '../../lib/expo';

/** A file the organizer picked: what it is, its content, and what a quick read found. */
interface Picked {
  name: string;
  size: number;
  /** The content; null for a file too large to send, which is not read. */
  file: CsvFile | null;
  shape: CsvShape | null;
}

/** A fresh `Idempotency-Key`: random, and available outside secure contexts too. */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where the imported records are listed; they start invited (delegates) or applied (exhibitors). */
const LIST_OF: Record<ImportKind, string> = {
  delegates: '/admin/accreditation?status=invited',
  exhibitors: '/admin/expo/exhibitors?status=applied',
};

/**
 * Bulk import from CSV (organizers, admins): pick what to import and a file, check it
 * (a dry run: nothing is written), read the errors by row and column or import the valid
 * file, all or nothing. The expected columns, a template and the current export are beside.
 */
export function CsvImport() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('kind');
  const kind: ImportKind = isImportKind(chosen) ? chosen : 'delegates';
  const [picked, setPicked] = useState<Picked | null>(null);
  const [reading, setReading] = useState(false);
  const [readFailed, setReadFailed] = useState(false);
  // A new key per file and kind: a retry of the same import is replayed, never doubled.
  const [importKey, setImportKey] = useState(newKey);
  // Bumped to empty the file input after an import.
  const [inputGeneration, setInputGeneration] = useState(0);
  const { check, run } = useCsvImport();
  const busy = reading || check.isPending || run.isPending;

  const startOver = () => {
    check.reset();
    run.reset();
    setImportKey(newKey());
  };

  const chooseKind = (next: ImportKind) => {
    startOver();
    setParams({ kind: next }, { replace: true });
  };

  const pick = (file: File | undefined) => {
    startOver();
    setPicked(null);
    setReadFailed(false);
    if (!file) return;
    if (file.size > MAX_CSV_BYTES) {
      // Not read at all: the server would refuse it anyway (413).
      setPicked({ name: file.name, size: file.size, file: null, shape: null });
      return;
    }
    setReading(true);
    file
      .arrayBuffer()
      .then((buffer) => {
        const bytes = new Uint8Array(buffer);
        const text = new TextDecoder().decode(bytes);
        setPicked({ name: file.name, size: file.size, file: { bytes, text }, shape: readCsvShape(text) });
      })
      .catch(() => {
        setReadFailed(true);
      })
      .finally(() => {
        setReading(false);
      });
  };

  const onCheck = () => {
    if (!picked?.file) return;
    run.reset();
    check.mutate({ kind, file: picked.file });
  };

  const onImport = () => {
    if (!picked?.file) return;
    run.mutate(
      { kind, file: picked.file, idempotencyKey: importKey },
      {
        // An answer ends the key's use; after a lost connection the retry keeps it, so
        // that an import the server did finish is replayed, not repeated.
        onSettled: (_report, error) => {
          if (!error || error instanceof ApiError) setImportKey(newKey());
        },
      },
    );
  };

  const onAnother = () => {
    startOver();
    setPicked(null);
    setInputGeneration((g) => g + 1);
  };

  return (
    <div className="page wide csv-import">
      <div className="page-head">
        <div>
          <h1>{t('import.title')}</h1>
          <p className="lead">{t('import.intro')}</p>
        </div>
      </div>

      <div className="import-layout">
        <section className="card import-steps" aria-labelledby="import-file-heading">
          <h2 id="import-file-heading">{t('import.fileHeading')}</h2>
          <fieldset className="import-kinds" disabled={busy}>
            <legend>{t('import.what')}</legend>
            {IMPORT_KINDS.map((k) => (
              <label key={k} className="checkbox-field">
                <input
                  type="radio"
                  name="import-kind"
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    chooseKind(k);
                  }}
                />
                {t(`import.kind.${k}`)}
              </label>
            ))}
          </fieldset>

          <FileDrop key={inputGeneration} disabled={busy} onFile={pick} />

          <div aria-live="polite">
            {reading ? <p className="muted">{t('import.reading')}</p> : null}
            {readFailed ? (
              <p className="field-error" role="alert">
                {t('import.readFailed')}
              </p>
            ) : null}
            {picked ? <PickedFile picked={picked} /> : null}
            {picked && !picked.file ? (
              <p className="state state-error" role="alert">
                {t('import.tooLarge')}
              </p>
            ) : null}
          </div>

          {run.data ? null : (
            <div className="import-actions">
              <button type="button" className="button" disabled={!picked?.file || busy} onClick={onCheck}>
                {check.isPending ? t('import.checking') : t('import.check')}
              </button>
            </div>
          )}

          <Outcome
            kind={kind}
            picked={picked}
            checked={check.data}
            imported={run.data}
            failure={run.error ?? check.error}
            importing={run.isPending}
            importFailed={run.isError}
            onImport={onImport}
            onAnother={onAnother}
          />
        </section>

        <ExpectedColumns kind={kind} />
      </div>
    </div>
  );
}

/** The file input inside a zone that also takes a dropped file. */
function FileDrop({ disabled, onFile }: { disabled: boolean; onFile: (file: File | undefined) => void }) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);

  const onDrag = (event: DragEvent<HTMLDivElement>) => {
    if (disabled) return;
    event.preventDefault();
    setOver(event.type !== 'dragleave');
  };

  return (
    <div
      className={over ? 'file-drop file-drop-over' : 'file-drop'}
      onDragEnter={onDrag}
      onDragOver={onDrag}
      onDragLeave={onDrag}
      onDrop={(event) => {
        if (disabled) return;
        event.preventDefault();
        setOver(false);
        onFile(event.dataTransfer.files[0]);
      }}
    >
      <label htmlFor="import-file">{t('import.file')}</label>
      <input
        id="import-file"
        type="file"
        accept=".csv,text/csv"
        disabled={disabled}
        aria-describedby="import-file-hint"
        onChange={(event) => {
          onFile(event.target.files?.[0]);
        }}
      />
      <span className="hint" id="import-file-hint">
        {over ? t('import.drop') : t('import.fileHint')}
      </span>
    </div>
  );
}

function PickedFile({ picked }: { picked: Picked }) {
  const { t, locale } = useI18n();
  const rows = picked.shape?.rows;
  return (
    <p className="picked-file">
      <strong className="picked-name">{picked.name}</strong> <span className="muted">{formatBytes(picked.size, locale)}</span>
      {rows === undefined ? null : (
        <>
          <br />
          {rows === 0 ? t('import.noRows') : rows === 1 ? t('import.rowsOne') : t('import.rows', { count: rows })}
        </>
      )}
    </p>
  );
}

/** What the last check or import came to: valid, refused (with the errors), or imported. */
function Outcome({
  kind,
  picked,
  checked,
  imported,
  failure,
  importing,
  importFailed,
  onImport,
  onAnother,
}: {
  kind: ImportKind;
  picked: Picked | null;
  /** The dry run's report. */
  checked: ImportReport | undefined;
  /** The import's report. */
  imported: ImportReport | undefined;
  /** Why the last check or import failed. */
  failure: unknown;
  importing: boolean;
  /** Whether `failure` is the import's (which a retry repeats) rather than the check's. */
  importFailed: boolean;
  onImport: () => void;
  onAnother: () => void;
}) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = imported ? 'done' : failure ? 'failed' : checked ? 'valid' : null;

  // A new result takes the focus, so that it is read out and in view.
  useEffect(() => {
    if (shown) heading.current?.focus();
  }, [shown, failure]);

  if (!shown) return null;
  const count = (n: number, one: MessageKey, many: MessageKey) => (n === 1 ? t(one) : t(many, { count: n }));

  const refused = failure instanceof ApiError && failure.status === 422 && (failure.problem?.errors?.length ?? 0) > 0;
  let body: ReactNode = null;
  if (imported) {
    const created = imported.created;
    body = (
      <div className="state state-ok import-done">
        <p>
          <strong>
            {kind === 'delegates'
              ? count(created, 'import.doneDelegatesOne', 'import.doneDelegates')
              : count(created, 'import.doneExhibitorsOne', 'import.doneExhibitors')}
          </strong>{' '}
          {t(kind === 'delegates' ? 'import.doneDelegatesNext' : 'import.doneExhibitorsNext')}
        </p>
        <p className="import-actions">
          <Link className="button" to={LIST_OF[kind]}>
            {t(kind === 'delegates' ? 'import.openDelegates' : 'import.openExhibitors')}
          </Link>
          <button type="button" className="button button-secondary" onClick={onAnother}>
            {t('import.another')}
          </button>
        </p>
      </div>
    );
  } else if (shown === 'failed') {
    body = refused ? (
      <ImportErrors error={failure} columns={picked?.shape?.columns ?? []} />
    ) : (
      <>
        <ErrorMessage error={failure} {...(importFailed ? { onRetry: onImport } : {})} />
        {failure instanceof ApiError && failure.status < 500 ? <p>{t('import.failedNothing')}</p> : null}
      </>
    );
  } else if (checked) {
    const rows = checked.rows;
    body =
      rows === 0 ? (
        <p className="state state-empty">{t('import.validEmpty')}</p>
      ) : (
        <div className="state state-ok">
          <p>
            <strong>{count(rows, 'import.validOne', 'import.valid')}</strong>
          </p>
          <button type="button" className="button" disabled={importing} onClick={onImport}>
            {importing ? t('import.running') : count(rows, 'import.runOne', 'import.run')}
          </button>
        </div>
      );
  }

  return (
    <section className="import-outcome" aria-labelledby="import-outcome-heading">
      <h3 id="import-outcome-heading" ref={heading} tabIndex={-1}>
        {shown === 'done'
          ? t('import.doneHeading')
          : shown === 'valid'
            ? t('import.checked')
            : refused
              ? t('import.refused')
              : t(importFailed ? 'import.failedImport' : 'import.failedCheck')}
      </h3>
      {body}
    </section>
  );
}

/** A column's name in code type, which may break after its underscores and nowhere else. */
function ColumnName({ name }: { name: string }) {
  const parts = name.split('_');
  return (
    <code className="column-name">
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 ? (
            <>
              _<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </code>
  );
}

/** Readable names for the API's whole-file and whole-row errors. */
function useFieldName() {
  const { t } = useI18n();
  return (field: string): ReactNode =>
    field === 'file' ? t('import.wholeFile') : field === 'row' ? t('import.wholeRow') : <ColumnName name={field} />;
}

/** A refused file: the problem's detail, that nothing was imported, and each error by row and column. */
function ImportErrors({ error, columns }: { error: ApiError; columns: readonly string[] }) {
  const { t } = useI18n();
  const [grouping, setGrouping] = useState<ErrorGrouping>('row');
  const errors: FieldError[] = error.problem?.errors ?? [];
  const groups = groupImportErrors(errors, grouping, columns);
  const fieldName = useFieldName();

  const groupTitle = (group: ErrorGroup): ReactNode => {
    if (grouping === 'row') {
      if (group.key === null) return t('import.groupFile');
      return group.key === 1 ? t('import.groupHeader') : t('import.groupRow', { row: group.key });
    }
    const field = String(group.key);
    if (field === 'file') return t('import.groupFile');
    if (field === 'row') return t('import.groupWholeRow');
    return (
      <>
        {t('import.groupColumn')} <ColumnName name={field} />
      </>
    );
  };

  return (
    <div className="import-errors">
      <div className="state state-error" role="alert">
        <p>
          <strong>{error.problem?.detail ?? t('error.422')}</strong>
        </p>
        <p>{t('import.nothingImported')}</p>
        {errors.length >= MAX_LISTED_ERRORS ? <p>{t('import.truncated', { count: errors.length })}</p> : null}
      </div>
      <fieldset className="import-grouping">
        <legend>{t('import.groupBy')}</legend>
        {(['row', 'column'] as const).map((g) => (
          <label key={g} className="checkbox-field">
            <input
              type="radio"
              name="import-grouping"
              value={g}
              checked={grouping === g}
              onChange={() => {
                setGrouping(g);
              }}
            />
            {t(g === 'row' ? 'import.byRow' : 'import.byColumn')}
          </label>
        ))}
      </fieldset>
      <div className="table-wrap">
        <table className="table stack-table import-error-table">
          <caption className="visually-hidden">{t('import.errors')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.row')}</th>
              <th scope="col">{t('import.column')}</th>
              <th scope="col">{t('import.message')}</th>
            </tr>
          </thead>
          {groups.map((group) => (
            <tbody key={String(group.key)}>
              <tr className="error-group">
                <th scope="rowgroup" colSpan={3}>
                  {groupTitle(group)}{' '}
                  <span className="muted small">
                    {group.errors.length === 1 ? t('import.groupCountOne') : t('import.groupCount', { count: group.errors.length })}
                  </span>
                </th>
              </tr>
              {group.errors.map((e, index) => (
                <tr key={index} className="error-row">
                  <td data-label={t('import.row')} className="import-row-number">
                    {e.row ?? '—'}
                  </td>
                  <td data-label={t('import.column')}>{fieldName(e.field)}</td>
                  <td data-label={t('import.message')}>{e.message}</td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}

/** What each column holds, in the current language (lists of values from the spec's enums). */
function useColumnHint() {
  const { t } = useI18n();
  return (kind: ImportKind, name: string): string => {
    const values =
      kind === 'delegates' && name === 'role'
        ? DELEGATE_ROLES.join(', ')
        : kind === 'exhibitors' && name === 'kind'
          ? EXHIBITOR_KINDS.join(', ')
          : kind === 'exhibitors' && name === 'sectors'
            ? SECTORS.join(', ')
            : '';
    return t(`import.col.${kind}.${name}` as MessageKey, { values });
  };
}

/** The columns a file may have (the required ones marked), a template and the current export. */
function ExpectedColumns({ kind }: { kind: ImportKind }) {
  const { t } = useI18n();
  const hint = useColumnHint();
  return (
    <section className="card import-columns" aria-labelledby="import-columns-heading">
      <h2 id="import-columns-heading">{t('import.columns')}</h2>
      <p className="muted">{t('import.columnsIntro')}</p>
      <div className="import-downloads">
        <a className="button button-secondary" href={templateHref(kind)} download={`${kind}-template.csv`}>
          {t('import.template')}
        </a>
        <ExportDownload kind={kind} />
      </div>
      <div className="table-wrap">
        <table className="table stack-table import-column-table">
          <caption className="visually-hidden">{t('import.columns')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.colName')}</th>
              <th scope="col">{t('import.colNeed')}</th>
              <th scope="col">{t('import.colMeaning')}</th>
            </tr>
          </thead>
          <tbody>
            {IMPORT_COLUMNS[kind].map((column) => (
              <tr key={column.name}>
                <th scope="row">
                  <ColumnName name={column.name} />
                </th>
                <td data-label={t('import.colNeed')}>
                  {column.required ? (
                    <span className="chip chip-required">{t('import.required')}</span>
                  ) : column.either ? (
                    <span className="import-either">{t('import.either', { other: column.either })}</span>
                  ) : (
                    <span className="muted">{t('import.optional')}</span>
                  )}
                </td>
                <td data-label={t('import.colMeaning')}>{hint(kind, column.name)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The current export as a file to start from: fetched with the organizer's token, then saved. */
function ExportDownload({ kind }: { kind: ImportKind }) {
  const { t } = useI18n();
  const api = useApi();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const download = () => {
    setPending(true);
    setError(null);
    fetchExport(api, kind)
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = `${kind}.csv`;
        document.body.append(link);
        link.click();
        link.remove();
        // The browser has taken the file once the click is handled.
        setTimeout(() => {
          URL.revokeObjectURL(url);
        }, 0);
      })
      .catch((e: unknown) => {
        setError(e);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <>
      <button type="button" className="button button-secondary" disabled={pending} onClick={download}>
        {pending ? t('import.exporting') : t(kind === 'delegates' ? 'import.exportDelegates' : 'import.exportExhibitors')}
      </button>
      <p className="hint import-export-hint">{t('import.exportHint')}</p>
      {error ? <ErrorMessage error={error} /> : null}
    </>
  );
}
