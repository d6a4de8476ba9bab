import { describe, expect, test } from 'vitest';
import { addSpeaker, moveSpeaker, speakerDrafts, speakerErrors, speakerInputs, type SpeakerDraft } from './speakers';

const grace: SpeakerDraft = { delegateId: 4, name: 'Grace Okafor', role: 'moderator', cityId: 6, publicProfile: false };
const aino: SpeakerDraft = { delegateId: 7, name: 'Aino Korhonen', role: 'speaker', cityId: 2, publicProfile: true };
const li: SpeakerDraft = { delegateId: 9, name: 'Li Wei', role: 'panelist', cityId: 1, publicProfile: true };

describe('speakers', () => {
  test('drafts follow the programme order, names as on the badge, city and consent kept', () => {
    const drafts = speakerDrafts([
      { delegate_id: 7, given_name: 'Aino', family_name: 'Korhonen', role: 'speaker', position: 2, city_id: 2, public_profile: true },
      { delegate_id: 4, given_name: 'Grace', family_name: 'Okafor', role: 'moderator', position: 1, city_id: 6, public_profile: false },
      { delegate_id: 9, given_name: 'Li Wei', family_name: null, role: 'panelist', position: 3, city_id: 1, public_profile: true },
    ]);
    expect(drafts).toEqual([grace, aino, { ...li, name: 'Li Wei' }]);
  });

  test('a speaker shown only by city cannot be edited and is left out', () => {
    const drafts = speakerDrafts([
      { delegate_id: null, given_name: null, family_name: null, role: 'moderator', position: 1, city_id: 6, public_profile: false },
      { delegate_id: 7, given_name: 'Aino', family_name: 'Korhonen', role: 'speaker', position: 2, city_id: 2, public_profile: true },
    ]);
    expect(drafts).toEqual([aino]);
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
