/** The filters of a back-office list: a status (or any) and a search, kept in the URL. */
export function StatusSearchFilters<Status extends string>(props: {
  /** Prefix of the fields' ids. */
  id: string;
  className: string;
  label: string;
  statusLabel: string;
  searchLabel: string;
  anyLabel: string;
  applyLabel: string;
  statuses: readonly Status[];
  statusName: (status: Status) => string;
  /** The selected status, '' for any. */
  status: Status | '';
  q: string;
  setFilter: (name: 'status' | 'q', value: string) => void;
}) {
  const { id, setFilter } = props;
  return (
    <form
      className={props.className}
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        const value = new FormData(e.currentTarget).get('q');
        setFilter('q', typeof value === 'string' ? value.trim() : '');
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-status`}>{props.statusLabel}</label>
        <select
          id={`${id}-status`}
          value={props.status}
          onChange={(e) => {
            setFilter('status', e.target.value);
          }}
        >
          <option value="">{props.anyLabel}</option>
          {props.statuses.map((s) => (
            <option key={s} value={s}>
              {props.statusName(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-q`}>{props.searchLabel}</label>
        <input id={`${id}-q`} name="q" type="search" defaultValue={props.q} key={props.q} />
      </div>
      <div className="filter-buttons">
        <button type="submit" className="button">
          {props.applyLabel}
        </button>
      </div>
    </form>
  );
}
