import type { FieldError } from '../api/types';

/**
 * Bulk import from CSV, without React: the columns each import reads, the template made
 * from them, a count of a picked file's records, and the grouping of a 422's errors.
 * Whether a file is valid is never decided here: the API's dry run says so.
 */

/** What can be imported; each is `POST /events/{event}/<kind>/import`. */
export const IMPORT_KINDS = ['delegates', 'exhibitors'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(value: unknown): value is ImportKind {
  return value === 'delegates' || value === 'exhibitors';
}

/** A column an import reads: required, optional, or required unless `either` is given. */
export interface ImportColumn {
  name: string;
  required: boolean;
  /** The other column that may stand in for this one (one of the two is required). */
  either?: string;
}

/**
 * The columns of each import in the API's order, as `import_delegates` and
 * `import_exhibitors` describe them (a test checks the spec names each of them). The
 * export's read-only columns (`id`, states, badge codes, booths) are read past by the API
 * and not listed here.
 */
export const IMPORT_COLUMNS: Record<ImportKind, readonly ImportColumn[]> = {
  delegates: [
    { name: 'delegation_id', required: false, either: 'city_id' },
    { name: 'city_id', required: false, either: 'delegation_id' },
    { name: 'honorific', required: false },
    { name: 'given_name', required: true },
    { name: 'family_name', required: false },
    { name: 'title', required: false },
    { name: 'role', required: true },
    { name: 'email', required: false },
    { name: 'phone', required: false },
    { name: 'languages', required: false },
    { name: 'interpretation_needs', required: false },
    { name: 'dietary_needs', required: false },
    { name: 'accessibility_needs', required: false },
    { name: 'arrival_at', required: false },
    { name: 'departure_at', required: false },
    { name: 'hotel', required: false },
    { name: 'bio', required: false },
    { name: 'photo_url', required: false },
    { name: 'consent_public_profile', required: false },
  ],
  exhibitors: [
    { name: 'name', required: true },
    { name: 'name_other_languages', required: false },
    { name: 'kind', required: true },
    { name: 'country', required: true },
    { name: 'city_id', required: false },
    { name: 'sectors', required: true },
    { name: 'website', required: false },
    { name: 'logo_url', required: false },
    { name: 'description', required: false },
    { name: 'contact_names', required: false },
    { name: 'contact_emails', required: false },
    { name: 'contact_phones', required: false },
    { name: 'contact_roles', required: false },
  ],
};

/** The largest body the API takes (32 MiB); a larger file answers 413. */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;

/** The API lists at most this many errors in a 422 (its detail counts them all). */
export const MAX_LISTED_ERRORS = 1000;

/**
 * A template: the header row naming every column, nothing else. It starts with a byte
 * order mark, as the API's exports do, so that a spreadsheet opens it as UTF-8 and keeps
 * names in every script.
 */
export function templateCsv(kind: ImportKind): string {
  return `\uFEFF${IMPORT_COLUMNS[kind].map((c) => c.name).join(',')}\r\n`;
}

/** The template as a `data:` address, for a plain download link. */
export function templateHref(kind: ImportKind): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(templateCsv(kind))}`;
}

/** What a quick read of a file found: its header's column names and its data rows. */
export interface CsvShape {
  /** The header's names, trimmed and lower-cased as the API reads them. */
  columns: string[];
  /** Records below the header, not counting blank ones (the API skips those too). */
  rows: number;
}

/**
 * The records of RFC 4180 CSV text, each as its cells: a quoted cell may hold commas,
 * doubled quotes and line breaks, so a record is not a line. Blank lines are no records.
 */
export function* csvRecords(text: string): Generator<string[]> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  // Whether the current record has begun: a line break ends only a begun one.
  let begun = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text.charAt(i + 1) === '"') {
        cell += '"';
        i += 1;
      } else quoted = false;
    } else if (ch === '"' && cell === '') {
      // A quote opens a quoted cell only at the cell's start; elsewhere it is text.
      quoted = true;
      begun = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      begun = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text.charAt(i + 1) === '\n') i += 1;
      if (begun) {
        cells.push(cell);
        yield cells;
        cells = [];
        cell = '';
        begun = false;
      }
    } else {
      cell += ch;
      begun = true;
    }
  }
  if (begun) {
    cells.push(cell);
    yield cells;
  }
}

/**
 * What a quick read of a picked file finds: the header (the first record) and the number
 * of records below it. A leading byte order mark is ignored, and so are records whose
 * cells are all blank, as the API does.
 */
export function readCsvShape(text: string): CsvShape {
  let columns: string[] | null = null;
  let rows = 0;
  for (const cells of csvRecords(text.startsWith('\uFEFF') ? text.slice(1) : text)) {
    if (cells.every((c) => c.trim() === '')) continue;
    if (columns === null) columns = cells.map((c) => c.trim().toLowerCase().replace(/ /g, '_'));
    else rows += 1;
  }
  return { columns: columns ?? [], rows };
}

/** How the errors of a refused import are grouped. */
export type ErrorGrouping = 'row' | 'column';

/** Errors that share a row (or a column), in the order a user fixes them. */
export interface ErrorGroup {
  /** The spreadsheet row (null: the whole file), or the column's name. */
  key: number | string | null;
  errors: FieldError[];
}

/**
 * Groups a 422's errors by spreadsheet row (whole-file errors first, then rows in order;
 * within a row, the columns in the file's order) or by column (in the file's header order,
 * then names the header lacks in the order the API gave them; within a column, rows in
 * order). `columns` is the picked file's header, when it was read.
 */
export function groupImportErrors(
  errors: readonly FieldError[],
  by: ErrorGrouping,
  columns: readonly string[] = [],
): ErrorGroup[] {
  const order = new Map<string, number>(columns.map((name, index) => [name, index]));
  for (const { field } of errors) if (!order.has(field)) order.set(field, order.size);
  const position = (e: FieldError) => order.get(e.field) ?? 0;
  const rowOf = (e: FieldError) => e.row ?? 0;
  // Array.prototype.sort is stable: equal keys keep the API's order.
  const sorted = [...errors].sort((a, b) =>
    by === 'row' ? rowOf(a) - rowOf(b) || position(a) - position(b) : position(a) - position(b) || rowOf(a) - rowOf(b),
  );
  const groups: ErrorGroup[] = [];
  for (const error of sorted) {
    const key = by === 'row' ? (error.row ?? null) : error.field;
    const last = groups.at(-1);
    if (last?.key === key) last.errors.push(error);
    else groups.push({ key, errors: [error] });
  }
  return groups;
}

/** A file's size in bytes, kB or MB (decimal, as the unit symbols say), for `locale`. */
export function formatBytes(size: number, locale: string): string {
  const [value, unit] = size < 1000 ? [size, 'byte'] : size < 1e6 ? [size / 1000, 'kilobyte'] : [size / 1e6, 'megabyte'];
  // "512 bytes", but "1.5 kB": the short form of a byte is not a word in every language.
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
}
