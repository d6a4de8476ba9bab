import type { ReactNode } from 'react';
import { Pager } from './Pager';
import { Empty, ErrorMessage, Loading } from './Status';

/** The parts of a query's state a table shows. */
export interface TableQuery {
  isPending: boolean;
  isError: boolean;
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** A list's paging: which page, how many in all, and how to go to another page. */
export interface Paging {
  page: number;
  total: number;
  perPage: number;
  onPage: (page: number) => void;
}

/**
 * A list read from the API as a table: loading, error (with a retry) and empty states said
 * explicitly, the rows (`stack-table` turns them into cards at phone width, each cell
 * labelled by its column), and a pager when `paging` is given and there is more than a page.
 */
export function DataTable<T>({
  query,
  items,
  caption,
  className,
  columns,
  row,
  empty,
  paging,
}: {
  query: TableQuery;
  items: readonly T[] | undefined;
  caption: string;
  className: string;
  columns: readonly ReactNode[];
  row: (item: T) => ReactNode;
  empty?: string | undefined;
  paging?: Paging | undefined;
}) {
  return (
    <>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {items && items.length === 0 ? <Empty {...(empty ? { message: empty } : {})} /> : null}
      {items && items.length > 0 ? (
        <div className="table-wrap">
          <table className={`table stack-table ${className}`} aria-busy={query.isFetching}>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {columns.map((column, index) => (
                  <th key={index} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{items.map(row)}</tbody>
          </table>
        </div>
      ) : null}
      {items && paging ? <Pager page={paging.page} total={paging.total} perPage={paging.perPage} onPage={paging.onPage} /> : null}
    </>
  );
}
