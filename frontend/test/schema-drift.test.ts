/**
 * The committed API types must be exactly what `npm run generate` makes from the
 * committed spec (the crates.io pattern): regenerate into a temporary file and compare.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

test('src/api/schema.d.ts is generated from ../openapi/openapi.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gmd-schema-'));
  try {
    const fresh = join(dir, 'schema.d.ts');
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/openapi-typescript/bin/cli.js'), '../openapi/openapi.json', '-o', fresh],
      { cwd: root, stdio: 'pipe' },
    );
    const committed = readFileSync(join(root, 'src/api/schema.d.ts'), 'utf8');
    expect(
      readFileSync(fresh, 'utf8') === committed,
      'src/api/schema.d.ts differs from the spec: run `npm run generate` and commit the result',
    ).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
