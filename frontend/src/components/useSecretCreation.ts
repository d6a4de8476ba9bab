import { useState, type SubmitEvent } from 'react';

/** What a creation's mutate needs: the input, and what to do with the created resource. */
type Mutate<Input, Created> = (input: Input, options: { onSuccess: (created: Created) => void }) => void;

/**
 * The state of a creation form whose answer carries a secret shown once (API tokens,
 * webhooks): the draft, whether the form is unfolded, and the created resource until its
 * secret is dismissed. A success empties the draft and folds the form.
 */
export function useSecretCreation<Draft, Input, Created>(
  empty: Draft,
  toInput: (draft: Draft) => Input,
  mutate: Mutate<Input, Created>,
) {
  const [draft, setDraft] = useState<Draft>(empty);
  const [created, setCreated] = useState<Created | null>(null);
  const [open, setOpen] = useState(false);

  const update = (changes: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...changes }));
  };
  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreated(null);
    mutate(toInput(draft), {
      onSuccess: (value) => {
        setCreated(value);
        setDraft(empty);
        setOpen(false);
      },
    });
  };
  const dismiss = () => {
    setCreated(null);
  };
  return { draft, setDraft, update, open, setOpen, created, dismiss, onSubmit };
}
