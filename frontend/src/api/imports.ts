import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ImportKind } from '../lib/csvImport';
import { EVENT_SLUG } from '../lib/event';
import type { Api } from './client';
import { useApi } from './context';
import { unwrap } from './problem';
import { queryKeys } from './queries';
import type { ImportReport } from './types';

/** A picked CSV file: its bytes as read, and the same decoded for the typed body. */
export interface CsvFile {
  bytes: Uint8Array<ArrayBuffer>;
  text: string;
}

/** One import call: which records, the file, a dry run or not, and the retry key. */
export interface ImportRequest {
  kind: ImportKind;
  file: CsvFile;
  dryRun: boolean;
  /** Sent as `Idempotency-Key` with a real import, so a retry cannot import twice. */
  idempotencyKey?: string | undefined;
}

/**
 * `POST …/<kind>/import`. The spec types the body as the CSV's text; the file's own bytes
 * go out unchanged (`bodySerializer`) with `Content-Type: text/csv`, so that the API, not
 * the browser's decoder, judges the encoding and reports a cell that is not UTF-8.
 */
export async function importCsv(api: Api, { kind, file, dryRun, idempotencyKey }: ImportRequest): Promise<ImportReport> {
  const init = {
    params: {
      path: { event: EVENT_SLUG },
      query: { dry_run: dryRun },
      ...(idempotencyKey ? { header: { 'Idempotency-Key': idempotencyKey } } : {}),
    },
    body: file.text,
    bodySerializer: () => file.bytes,
    headers: { 'Content-Type': 'text/csv' },
  };
  return unwrap(
    kind === 'delegates'
      ? await api.POST('/api/v1/events/{event}/delegates/import', init)
      : await api.POST('/api/v1/events/{event}/exhibitors/import', init),
  );
}

/** Checking a file (dry run) and importing it; a real import refreshes what it added to. */
export function useCsvImport() {
  const api = useApi();
  const queryClient = useQueryClient();
  const check = useMutation({
    mutationFn: (request: Omit<ImportRequest, 'dryRun' | 'idempotencyKey'>) => importCsv(api, { ...request, dryRun: true }),
  });
  const run = useMutation({
    mutationFn: (request: Omit<ImportRequest, 'dryRun'>) => importCsv(api, { ...request, dryRun: false }),
    onSuccess: async (_report, { kind }) => {
      await Promise.all([
        kind === 'delegates'
          ? queryClient.invalidateQueries({ queryKey: queryKeys.delegates(EVENT_SLUG) })
          : queryClient.invalidateQueries({ queryKey: queryKeys.expo(EVENT_SLUG) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.totals(EVENT_SLUG) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLog }),
      ]);
    },
  });
  return { check, run };
}

/**
 * The current export (`delegates.csv` or `exhibitors.csv`) as a file, a starting point for
 * an import: it needs the organizer's token, so it is fetched and handed over as a Blob.
 */
export async function fetchExport(api: Api, kind: ImportKind): Promise<Blob> {
  const init = { params: { path: { event: EVENT_SLUG } }, parseAs: 'blob' as const, cache: 'no-store' as const };
  return unwrap(
    kind === 'delegates'
      ? await api.GET('/api/v1/events/{event}/delegates.csv', init)
      : await api.GET('/api/v1/events/{event}/exhibitors.csv', init),
  );
}
