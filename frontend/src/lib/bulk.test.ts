import { expect, test } from 'vitest';
import { runBulk } from './bulk';

test('reports every row in order, failures included', async () => {
  const progress: number[] = [];
  const outcomes = await runBulk(
    [1, 2, 3, 4],
    async (id) => {
      await new Promise((resolve) => setTimeout(resolve, (5 - id) * 2));
      if (id === 2) throw new Error('no');
      return id * 10;
    },
    (done) => progress.push(done),
  );
  expect(outcomes.map((o) => [o.id, o.ok])).toEqual([
    [1, true],
    [2, false],
    [3, true],
    [4, true],
  ]);
  expect(outcomes[0]).toEqual({ id: 1, ok: true, value: 10 });
  expect(progress).toEqual([1, 2, 3, 4]);
});

test('never runs more than the concurrency at once', async () => {
  let running = 0;
  let peak = 0;
  await runBulk(
    [1, 2, 3, 4, 5, 6],
    async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
    },
    undefined,
    2,
  );
  expect(peak).toBe(2);
});

test('nothing to do is fine', async () => {
  expect(await runBulk([], () => Promise.resolve(1))).toEqual([]);
});
