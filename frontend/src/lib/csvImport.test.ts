import { describe, expect, test } from 'vitest';
import spec from '../../../openapi/openapi.json?raw';
import type { FieldError } from '../api/types';
import { en } from '../i18n/messages';
import {
  csvRecords,
  formatBytes,
  groupImportErrors,
  IMPORT_COLUMNS,
  IMPORT_KINDS,
  readCsvShape,
  templateCsv,
  templateHref,
} from './csvImport';

describe('readCsvShape', () => {
  test('counts records, not lines: a quoted cell may span lines and hold commas and quotes', () => {
    const text = [
      'given_name,family_name,role,bio',
      'Aino,Korhonen,deputy_mayor,"Leads tourism,',
      'and winter sports in ""Lapland""."',
      'Li,Wei,mayor,"one\r\ntwo\r\nthree"',
      'Pierre,Dubois,staff,',
    ].join('\r\n');
    expect(readCsvShape(text)).toEqual({ columns: ['given_name', 'family_name', 'role', 'bio'], rows: 3 });
  });

  test('skips blank lines and rows of empty cells, as the API does, and a byte order mark', () => {
    const text = '\uFEFFGiven Name,role\n\nAino,mayor\n,\n  ,  \nLi,staff\n\n';
    expect(readCsvShape(text)).toEqual({ columns: ['given_name', 'role'], rows: 2 });
  });

  test('an empty file, a header alone, no line break at the end, old Mac line breaks', () => {
    expect(readCsvShape('')).toEqual({ columns: [], rows: 0 });
    expect(readCsvShape('name,kind,country,sectors\n').rows).toBe(0);
    expect(readCsvShape('name,kind\nA,company').rows).toBe(1);
    expect(readCsvShape('name,kind\rA,company\rB,city\r').rows).toBe(2);
  });

  test('an unclosed quote runs to the end of the file: one record, however many lines', () => {
    expect(readCsvShape('a,b\n1,"2\n3,4\n5,6\n').rows).toBe(1);
  });

  test('cells as written: doubled quotes unescaped, a quote inside an unquoted cell kept', () => {
    expect([...csvRecords('a,"b ""c""",d"e\n')]).toEqual([['a', 'b "c"', 'd"e']]);
  });
});

describe('template', () => {
  test('the header row of every column in the API order, with a byte order mark, nothing else', () => {
    expect(templateCsv('delegates')).toBe(
      '\uFEFFdelegation_id,city_id,honorific,given_name,family_name,title,role,email,phone,languages,interpretation_needs,' +
        'dietary_needs,accessibility_needs,arrival_at,departure_at,hotel,bio,photo_url,consent_public_profile\r\n',
    );
    expect(templateCsv('exhibitors').split('\r\n')).toEqual([
      '\uFEFFname,name_other_languages,kind,country,city_id,sectors,website,logo_url,description,contact_names,contact_emails,contact_phones,contact_roles',
      '',
    ]);
    // It reads back as a header with no rows.
    expect(readCsvShape(templateCsv('exhibitors'))).toEqual({
      columns: IMPORT_COLUMNS.exhibitors.map((c) => c.name),
      rows: 0,
    });
  });

  test('as a data: address that decodes to the same text', () => {
    const href = templateHref('delegates');
    expect(href.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(href.slice(href.indexOf(',') + 1))).toBe(templateCsv('delegates'));
  });
});

describe('the columns', () => {
  /** The operation's description in the committed spec. */
  function described(operationId: string): string {
    const paths = (JSON.parse(spec) as { paths: Record<string, Record<string, { operationId?: string; description?: string }>> })
      .paths;
    for (const item of Object.values(paths)) {
      for (const operation of Object.values(item)) {
        if (operation.operationId === operationId) return operation.description ?? '';
      }
    }
    throw new Error(`no operation ${operationId}`);
  }

  test('the spec names every column the page lists, and the required ones as required', () => {
    for (const kind of IMPORT_KINDS) {
      const text = described(`import_${kind}`);
      for (const column of IMPORT_COLUMNS[kind]) expect(text, `${kind}: ${column.name}`).toContain(`\`${column.name}\``);
    }
    expect(described('import_delegates')).toContain('`given_name` and `role` (required)');
    expect(described('import_delegates')).toContain('`delegation_id` or `city_id`');
    expect(described('import_exhibitors')).toMatch(/`name` \(English\), `kind`,\s+`country` \(ISO 3166-1 alpha-2\) and `sectors` \(separated by `;`\) are required/);
    expect(IMPORT_COLUMNS.delegates.filter((c) => c.required).map((c) => c.name)).toEqual(['given_name', 'role']);
    expect(IMPORT_COLUMNS.exhibitors.filter((c) => c.required).map((c) => c.name)).toEqual(['name', 'kind', 'country', 'sectors']);
  });

  test('every column has its explanation in the messages', () => {
    for (const kind of IMPORT_KINDS) {
      for (const column of IMPORT_COLUMNS[kind]) expect(Object.keys(en)).toContain(`import.col.${kind}.${column.name}`);
    }
  });
});

describe('groupImportErrors', () => {
  const e = (row: number | null, field: string, message = `${field} is wrong`): FieldError => ({ row, field, message });
  // As the API lists them: the file's shape first, then per row in the order it checked.
  const errors = [e(7, 'email'), e(3, 'role'), e(3, 'given_name'), e(null, 'file'), e(5, 'row'), e(7, 'role'), e(5, 'extra')];
  const header = ['given_name', 'family_name', 'role', 'email'];

  test('by row: the whole file first, then rows in order, each row’s columns in the file’s order', () => {
    const groups = groupImportErrors(errors, 'row', header);
    expect(groups.map((g) => g.key)).toEqual([null, 3, 5, 7]);
    expect(groups[1]?.errors.map((x) => x.field)).toEqual(['given_name', 'role']);
    expect(groups[2]?.errors.map((x) => x.field)).toEqual(['row', 'extra']);
    expect(groups[3]?.errors.map((x) => x.field)).toEqual(['role', 'email']);
    expect(groups.flatMap((g) => g.errors)).toHaveLength(errors.length);
  });

  test('by column: the header’s order, then names it lacks as the API gave them; rows in order', () => {
    const groups = groupImportErrors(errors, 'column', header);
    expect(groups.map((g) => g.key)).toEqual(['given_name', 'role', 'email', 'file', 'row', 'extra']);
    expect(groups[1]?.errors.map((x) => x.row)).toEqual([3, 7]);
  });

  test('without the file’s header, columns in the order the API named them', () => {
    expect(groupImportErrors(errors, 'column').map((g) => g.key)).toEqual(['email', 'role', 'given_name', 'file', 'row', 'extra']);
    expect(groupImportErrors([], 'row')).toEqual([]);
  });
});

test('formatBytes: bytes, kB and MB in the chosen language', () => {
  expect(formatBytes(512, 'en')).toBe('512 bytes');
  expect(formatBytes(512, 'zh-Hans')).toBe('512字节');
  expect(formatBytes(1536, 'en')).toBe('1.5 kB');
  expect(formatBytes(33_554_432, 'en')).toBe('33.6 MB');
  expect(formatBytes(2500, 'zh-Hans')).toBe('2.5 kB');
});
