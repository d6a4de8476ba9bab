import { useSearchParams } from 'react-router-dom';

/**
 * Sets (or, when empty, removes) one filter of the page's URL, replacing the history
 * entry. It works from the latest URL, so two quick changes do not undo each other.
 */
export function useUrlFilter(): (name: string, value: string) => void {
  const [, setParams] = useSearchParams();
  return (name, value) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };
}
