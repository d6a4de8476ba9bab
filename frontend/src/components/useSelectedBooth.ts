import { useSearchParams } from 'react-router-dom';

/** The selected booth as the URL holds it (`?booth=`), so a booth can be linked to. */
export function useSelectedBooth(): [number | null, (id: number | null) => void] {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('booth'));
  const selected = Number.isSafeInteger(raw) && raw > 0 ? raw : null;
  const select = (id: number | null) => {
    // From the latest URL: two quick changes must not undo each other.
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id === null) next.delete('booth');
        else next.set('booth', String(id));
        return next;
      },
      { replace: true },
    );
  };
  return [selected, select];
}
