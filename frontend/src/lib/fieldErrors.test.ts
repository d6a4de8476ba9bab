import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem';
import { errorForField, fieldErrorsOf, formErrors, otherFieldErrors } from './fieldErrors';

const problem = (status: number, errors: { field: string; message: string }[] = []) =>
  new ApiError(status, { type: '/problems/x', title: 'X', status, detail: 'd', instance: '/i', request_id: 'r', errors });

describe('field errors', () => {
  it('finds field errors, nested ones too, and lists the rest', () => {
    const errors = new Map([
      ['url', 'resolves to a private address'],
      ['scopes[0]', 'unknown scope'],
      ['title.en', 'must not be empty'],
      ['extra', 'not allowed'],
    ]);
    expect(errorForField(errors, 'url')).toBe('resolves to a private address');
    expect(errorForField(errors, 'scopes')).toBe('unknown scope');
    expect(errorForField(errors, 'title')).toBe('must not be empty');
    expect(errorForField(errors, 'name')).toBeUndefined();
    // `urls` is not inside `url`.
    expect(errorForField(new Map([['urls', 'x']]), 'url')).toBeUndefined();
    expect(otherFieldErrors(errors, ['url', 'scopes', 'title'])).toEqual([['extra', 'not allowed']]);
  });

  it('takes field errors from 422s only', () => {
    const invalid = problem(422, [{ field: 'name', message: 'must not be empty' }]);
    expect([...fieldErrorsOf(invalid)]).toEqual([['name', 'must not be empty']]);
    expect(fieldErrorsOf(problem(409, [{ field: 'name', message: 'taken' }])).size).toBe(0);
    expect(fieldErrorsOf(new Error('offline')).size).toBe(0);
    expect(fieldErrorsOf(null).size).toBe(0);
  });

  it('gives a form its fields’ messages and the rest', () => {
    const form = formErrors(
      problem(422, [
        { field: 'name', message: 'must not be empty' },
        { field: 'body', message: 'expected an object' },
      ]),
      ['name', 'scopes'],
    );
    expect(form.errorFor('name')).toBe('must not be empty');
    expect(form.errorFor('scopes')).toBeUndefined();
    expect(form.others).toEqual([['body', 'expected an object']]);
    expect(formErrors(undefined, ['name']).others).toEqual([]);
  });
});
