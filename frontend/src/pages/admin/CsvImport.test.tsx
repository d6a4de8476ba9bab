// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, expect, test } from 'vitest';
import { jsonResponse, renderWithApp } from '../../test/render';
import { CsvImport } from './CsvImport';

afterEach(cleanup);

interface Sent {
  path: string;
  dryRun: string | null;
  contentType: string | null;
  key: string | null;
  body: string;
}

/**
 * The import endpoints as the API answers: a file naming the role `boss` is refused at its
 * row and column (422, nothing written); any other is valid, its data rows counted. With
 * `dropFirstImport`, the first real import is lost on the way (the fetch rejects).
 */
function server({ dropFirstImport = false } = {}) {
  const sent: Sent[] = [];
  let dropped = false;
  const handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/api/v1/auth/me') {
      return jsonResponse(200, { id: 2, email: 'o@x', display_name: 'O', role: 'organizer' });
    }
    if (url.pathname.endsWith('/import') && request.method === 'POST') {
      // Decoded keeping a byte order mark (Body.text() would drop it): what went out, exactly.
      const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await request.arrayBuffer());
      const dryRun = url.searchParams.get('dry_run');
      sent.push({
        path: url.pathname,
        dryRun,
        contentType: request.headers.get('Content-Type'),
        key: request.headers.get('Idempotency-Key'),
        body,
      });
      if (dryRun === 'false' && dropFirstImport && !dropped) {
        dropped = true;
        throw new TypeError('Failed to fetch');
      }
      if (body.includes('boss')) {
        return jsonResponse(422, {
          type: '/problems/validation',
          title: 'Unprocessable Entity',
          status: 422,
          detail: '2 error(s) in 2 row(s); no delegates were imported',
          instance: url.pathname,
          request_id: 'r1',
          errors: [
            { row: 4, field: 'email', message: 'must be an e-mail address' },
            { row: 3, field: 'role', message: 'must be one of mayor, deputy_mayor, mayor_representative, official, staff, press' },
          ],
        });
      }
      // The test files' records start with a capital; headers and continued cells do not.
      const rows = body.split('\n').filter((line) => /^[A-Z]/.test(line)).length;
      const ids = dryRun === 'true' ? [] : Array.from({ length: rows }, (_, i) => 100 + i);
      return jsonResponse(200, { dry_run: dryRun === 'true', rows, created: ids.length, ids });
    }
    return jsonResponse(404, { type: '/problems/not-found', title: 'Not found', status: 404, detail: url.pathname, instance: url.pathname, request_id: 'r' });
  };
  return { handler, sent };
}

const BAD =
  '\uFEFFgiven_name,family_name,role,city_id,email,bio\n' +
  'Aino,Korhonen,deputy_mayor,2,aino@example.org,"Leads tourism,\nwinter sports."\n' +
  'Bob,Builder,boss,2,bob@example.org,\n' +
  'Cai,Lin,staff,2,not-an-address,\n';
const GOOD = BAD.replace('boss', 'staff').replace('not-an-address', 'cai@example.org');

const csv = (text: string, name: string) => new File([text], name, { type: 'text/csv' });

test('a refused file shows its errors by row and column; a corrected one is checked, then imported', async () => {
  const { handler, sent } = server();
  renderWithApp(<CsvImport />, handler, '/admin/import');
  expect(screen.getByRole('radio', { name: 'Delegates' })).toHaveProperty('checked', true);

  // Three records although four lines: Aino's biography spans two.
  fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [csv(BAD, 'delegates.csv')] } });
  await screen.findByText('3 data rows below the header');
  expect(screen.getByText('delegates.csv')).toBeTruthy();

  fireEvent.click(screen.getByRole('button', { name: 'Check file' }));
  await screen.findByText('2 error(s) in 2 row(s); no delegates were imported');
  expect(screen.getByRole('heading', { name: 'The file has errors' })).toBe(document.activeElement);
  expect(screen.getByText(/Nothing was imported\. Correct these cells/)).toBeTruthy();
  const table = screen.getByRole('table', { name: 'Errors by row and column' });
  // Grouped by row, in row order, although the API listed row 4 first.
  const groups = within(table).getAllByRole('rowheader').map((th) => th.textContent);
  expect(groups).toEqual(['Row 3 1 error', 'Row 4 1 error']);
  const roleError = within(table).getByRole('row', { name: /role must be one of mayor/ });
  expect(within(roleError).getAllByRole('cell').map((c) => c.textContent)).toEqual([
    '3',
    'role',
    'must be one of mayor, deputy_mayor, mayor_representative, official, staff, press',
  ]);
  // By column: in the order of the file's header (role before email).
  fireEvent.click(screen.getByRole('radio', { name: 'Column' }));
  expect(within(table).getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['Column role 1 error', 'Column email 1 error']);

  // The corrected file, dropped on the zone: the old errors go, the check passes.
  fireEvent.drop(screen.getByLabelText('CSV file').closest('.file-drop') as Element, {
    dataTransfer: { files: [csv(GOOD, 'delegates-fixed.csv')] },
  });
  await screen.findByText('delegates-fixed.csv');
  expect(screen.queryByRole('table', { name: 'Errors by row and column' })).toBeNull();
  fireEvent.click(screen.getByRole('button', { name: 'Check file' }));
  await screen.findByText('3 rows are valid. Nothing has been written yet.');

  fireEvent.click(screen.getByRole('button', { name: 'Import 3 rows' }));
  await screen.findByText('Imported 3 delegates.');
  expect(screen.getByRole('link', { name: 'Open the delegates list' }).getAttribute('href')).toBe('/admin/accreditation?status=invited');

  // The file went out as it is (its byte order mark too), as text/csv; only the real
  // import carries a retry key.
  expect(sent.map((s) => [s.dryRun, s.contentType, s.body === (s.body.includes('boss') ? BAD : GOOD)])).toEqual([
    ['true', 'text/csv', true],
    ['true', 'text/csv', true],
    ['false', 'text/csv', true],
  ]);
  expect(sent.every((s) => s.path === '/api/v1/events/harbin-2026/delegates/import')).toBe(true);
  expect(sent.map((s) => Boolean(s.key))).toEqual([false, false, true]);
});

test('an import lost on the way is retried with the same key, so the server can replay it', async () => {
  const { handler, sent } = server({ dropFirstImport: true });
  renderWithApp(<CsvImport />, handler, '/admin/import');
  fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [csv(GOOD, 'd.csv')] } });
  await screen.findByText('3 data rows below the header');
  fireEvent.click(screen.getByRole('button', { name: 'Check file' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Import 3 rows' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));
  await screen.findByText('Imported 3 delegates.');
  const imports = sent.filter((s) => s.dryRun === 'false');
  expect(imports).toHaveLength(2);
  expect(imports[0]?.key).toMatch(/^[0-9a-f]{32}$/);
  expect(imports[1]?.key).toBe(imports[0]?.key);
});

test('exhibitors: the columns with the required ones marked, the template, the path imported to', async () => {
  const { handler, sent } = server();
  renderWithApp(<CsvImport />, handler, '/admin/import?kind=exhibitors');
  expect(screen.getByRole('radio', { name: 'Exhibitors' })).toHaveProperty('checked', true);
  const columns = screen.getByRole('table', { name: 'Columns of the file' });
  const required = within(columns)
    .getAllByRole('row')
    .filter((row) => within(row).queryByText('required'))
    .map((row) => within(row).getByRole('rowheader').textContent);
  expect(required).toEqual(['name', 'kind', 'country', 'sectors']);
  expect(within(columns).getByRole('row', { name: /sectors/ }).textContent).toContain('equipment, tourism');
  const template = screen.getByRole('link', { name: 'Download a template' });
  expect(template.getAttribute('download')).toBe('exhibitors-template.csv');
  expect(decodeURIComponent(template.getAttribute('href') ?? '')).toContain('name,name_other_languages,kind,country');

  fireEvent.change(screen.getByLabelText('CSV file'), {
    target: { files: [csv('name,kind,country,sectors\nSnow Tech,company,FI,equipment\n', 'e.csv')] },
  });
  await screen.findByText('1 data row below the header');
  fireEvent.click(screen.getByRole('button', { name: 'Check file' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Import 1 row' }));
  await screen.findByText('Imported 1 exhibitor.');
  expect(screen.getByRole('link', { name: 'Open the exhibitor applications' }).getAttribute('href')).toBe(
    '/admin/expo/exhibitors?status=applied',
  );
  expect(sent.map((s) => s.path)).toEqual([
    '/api/v1/events/harbin-2026/exhibitors/import',
    '/api/v1/events/harbin-2026/exhibitors/import',
  ]);
});

test('a file above 32 MiB is not read nor sent: the page says so and offers no check', async () => {
  const { handler, sent } = server();
  renderWithApp(<CsvImport />, handler, '/admin/import');
  const huge = csv('given_name,role\n', 'everyone.csv');
  Object.defineProperty(huge, 'size', { value: 32 * 1024 * 1024 + 1 });
  fireEvent.change(screen.getByLabelText('CSV file'), { target: { files: [huge] } });
  await screen.findByText(/larger than 32 MiB/);
  expect(screen.getByText('everyone.csv')).toBeTruthy();
  expect(screen.queryByText(/data rows? below the header/)).toBeNull();
  expect(screen.getByRole('button', { name: 'Check file' })).toHaveProperty('disabled', true);
  expect(sent).toEqual([]);
});
