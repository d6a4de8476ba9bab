import { expect, test } from 'vitest';
import { MAX_TOKEN_LENGTH, tokenFromHash } from './linkToken';

const TOKEN = 'q8Xb2mRk0vTz5LwN3cYh7sJd1fGa9pEu4iOo6nBt';

test('the token of a mailed link’s fragment, with or without the #', () => {
  expect(tokenFromHash(`#token=${TOKEN}`)).toBe(TOKEN);
  expect(tokenFromHash(`token=${TOKEN}`)).toBe(TOKEN);
});

test('among other pairs, in any order, percent-encoded', () => {
  expect(tokenFromHash(`#lang=zh&token=${TOKEN}`)).toBe(TOKEN);
  expect(tokenFromHash(`#token=${TOKEN}&utm=mail`)).toBe(TOKEN);
  expect(tokenFromHash('#token=abc%2Ddef_9')).toBe('abc-def_9');
});

test('punctuation a mail program kept from the sentence around the link is dropped', () => {
  expect(tokenFromHash(`#token=${TOKEN}.`)).toBe(TOKEN);
  expect(tokenFromHash(`#token=${TOKEN})`)).toBe(TOKEN);
  expect(tokenFromHash(`#token=${TOKEN}%3E`)).toBe(TOKEN);
});

test('no token: none, empty, not the token, too long, or not a secret’s characters', () => {
  expect(tokenFromHash('')).toBeNull();
  expect(tokenFromHash('#')).toBeNull();
  expect(tokenFromHash('#token=')).toBeNull();
  expect(tokenFromHash('#token')).toBeNull();
  expect(tokenFromHash(`#tokens=${TOKEN}`)).toBeNull();
  expect(tokenFromHash(`#${TOKEN}`)).toBeNull();
  expect(tokenFromHash(`#token=${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`)).toBeNull();
  expect(tokenFromHash(`#token=${'a'.repeat(MAX_TOKEN_LENGTH)}`)).toBe('a'.repeat(MAX_TOKEN_LENGTH));
  expect(tokenFromHash('#token=abc<script>')).toBeNull();
  expect(tokenFromHash('#token=a%20b')).toBeNull();
});

test('the first token when the fragment names two', () => {
  expect(tokenFromHash('#token=first&token=second')).toBe('first');
});
