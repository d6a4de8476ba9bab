import { describe, expect, test } from 'vitest';
import { addSpeaker, moveSpeaker, speakerDrafts, speakerErrors, speakerInputs, type SpeakerDraft } from './speakers';

const grace: SpeakerDraft = { delegateId: 4, name: 'Grace Okafor', role: 'moderator' };
const aino: SpeakerDraft = { delegateId: 7, name: 'Aino Korhonen', role: 'speaker' };
const li: SpeakerDraft = { delegateId: 9, name: 'Li Wei', role: 'panelist' };

describe('speakers', () => {
  test('drafts follow the programme order, names as on the badge', () => {
    const drafts = speakerDrafts([
      { delegate_id: 7, given_name: 'Aino', family_name: 'Korhonen', role: 'speaker', position: 2 },
      { delegate_id: 4, given_name: 'Grace', family_name: 'Okafor', role: 'moderator', position: 1 },
      { delegate_id: 9, given_name: 'Li Wei', family_name: null, role: 'panelist', position: 3 },
    ]);
    expect(drafts).toEqual([grace, aino, { ...li, name: 'Li Wei' }]);
  });

  test('the list order becomes the positions, from 1', () => {
    expect(speakerInputs([aino, grace])).toEqual([
      { delegate_id: 7, role: 'speaker', position: 1 },
      { delegate_id: 4, role: 'moderator', position: 2 },
    ]);
    expect(speakerInputs([])).toEqual([]);
  });

  test('moves stay inside the list; a delegate is added once', () => {
    const list = [grace, aino, li];
    expect(moveSpeaker(list, 2, -1)).toEqual([grace, li, aino]);
    expect(moveSpeaker(list, 0, 1)).toEqual([aino, grace, li]);
    expect(moveSpeaker(list, 0, -1)).toEqual(list);
    expect(moveSpeaker(list, 2, 1)).toEqual(list);
    expect(list).toEqual([grace, aino, li]);
    expect(addSpeaker([grace], aino)).toEqual([grace, aino]);
    expect(addSpeaker([grace, aino], { ...aino, role: 'panelist' })).toEqual([grace, aino]);
  });

  test('422s sort into the list’s and the rows’', () => {
    const errors = speakerErrors(
      new Map([
        ['title.en', 'must not be empty'],
        ['speakers', 'must be distinct delegates of this event'],
        ['speakers[1].role', 'unknown variant `keynote`'],
        ['speakers[1].delegate_id', 'second message for the same row'],
        ['speakers[0]', 'missing field `role`'],
      ]),
    );
    expect(errors.list).toBe('must be distinct delegates of this event');
    expect([...errors.rows]).toEqual([
      [1, 'unknown variant `keynote`'],
      [0, 'missing field `role`'],
    ]);
    expect(speakerErrors(new Map())).toEqual({ list: undefined, rows: new Map() });
  });
});
