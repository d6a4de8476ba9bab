// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState, type ReactElement } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ApiError } from '../api/problem';
import { I18nProvider } from '../i18n/I18nProvider';
import { DataTable, type TableQuery } from './DataTable';
import { CheckboxGroup, Field, FormFooter } from './FormParts';

afterEach(cleanup);

const inI18n = (ui: ReactElement) => render(<I18nProvider>{ui}</I18nProvider>);
const problem = (status: number, errors: { field: string; message: string }[] = []) =>
  new ApiError(status, { type: '/problems/x', title: 'X', status, detail: 'The name is taken.', instance: '/i', request_id: 'r9', errors });

describe('form parts', () => {
  test('a field ties its control to the hint and the API’s message', () => {
    inI18n(
      <Field id="f-name" label="Name" hint="As on the badge" error="must not be empty">
        {(props) => <input {...props} />}
      </Field>,
    );
    const input = screen.getByLabelText('Name');
    expect(input.id).toBe('f-name');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('f-name-error f-name-hint');
    expect(document.getElementById('f-name-error')?.textContent).toBe('must not be empty');
    cleanup();
    inI18n(<Field id="f-plain" label="Plain">{(props) => <input {...props} />}</Field>);
    const plain = screen.getByLabelText('Plain');
    expect(plain.hasAttribute('aria-invalid')).toBe(false);
    expect(plain.hasAttribute('aria-describedby')).toBe(false);
  });

  test('checkboxes keep the list’s order, whatever order they are ticked in', () => {
    const seen: string[][] = [];
    function Scopes() {
      const [value, setValue] = useState<string[]>([]);
      return (
        <CheckboxGroup
          id="g"
          legend="Scopes"
          options={['a:read', 'b:read', 'c:read']}
          value={value}
          label={(o) => <code>{o}</code>}
          onChange={(next) => {
            seen.push(next);
            setValue(next);
          }}
        />
      );
    }
    inI18n(<Scopes />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'c:read' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'a:read' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'c:read' }));
    expect(seen).toEqual([['c:read'], ['a:read', 'c:read'], ['a:read']]);
  });

  test('the footer says why a save failed: a 422 with the leftover fields, anything else from its problem', () => {
    const { rerender } = inI18n(
      <FormFooter error={problem(422)} others={[['body', 'expected an object']]} pending={false} submit="Save" submitting="Saving…" />,
    );
    expect(screen.getByRole('alert').textContent).toContain('body: expected an object');
    rerender(
      <I18nProvider>
        <FormFooter error={problem(409)} others={[]} pending submit="Save" submitting="Saving…" />
      </I18nProvider>,
    );
    expect(screen.getByRole('alert').textContent).toContain('The name is taken.');
    expect(screen.getByRole('button', { name: 'Saving…' })).toHaveProperty('disabled', true);
  });
});

describe('data table', () => {
  const idle: TableQuery = { isPending: false, isError: false, isFetching: false, error: null, refetch: vi.fn() };
  const table = (query: TableQuery, items: string[] | undefined, total = items?.length ?? 0, onPage = vi.fn()) => (
    <I18nProvider>
      <DataTable
        query={query}
        items={items}
        caption="Things"
        className="things"
        empty="Nothing yet."
        columns={['Name']}
        row={(item) => (
          <tr key={item}>
            <th scope="row">{item}</th>
          </tr>
        )}
        paging={{ page: 1, total, perPage: 2, onPage }}
      />
    </I18nProvider>
  );

  test('loading, error with a retry, empty, and rows with a pager', () => {
    const { rerender } = render(table({ ...idle, isPending: true }, undefined));
    expect(screen.getByRole('status').textContent).toContain('Loading');
    const refetch = vi.fn();
    rerender(table({ ...idle, isError: true, error: problem(500), refetch }, undefined));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(refetch).toHaveBeenCalled();
    rerender(table(idle, []));
    expect(screen.getByText('Nothing yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    const onPage = vi.fn();
    rerender(table(idle, ['one', 'two'], 3, onPage));
    expect(screen.getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['one', 'two']);
    expect(screen.getByRole('table', { name: 'Things' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Next/ }));
    expect(onPage).toHaveBeenCalledWith(2);
  });
});
