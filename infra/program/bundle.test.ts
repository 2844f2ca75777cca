import * as fs from 'node:fs';
import * as path from 'node:path';

/** infra/program/bundle.cjs: what the engine runs (Pulumi.yaml `main`), bundled from the real tree. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS entry point of the Pulumi program
const { bundleProgram } = require('./bundle.cjs') as { bundleProgram: (root: string) => { code: string; inputs: string[] } };

const root = path.resolve(__dirname, '..', '..');

describe('bundleProgram', () => {
  const { code, inputs } = bundleProgram(root);

  it('when the program is bundled, then index.ts and the stack are in it and no npm package is (they load at run time)', () => {
    expect(inputs).toEqual(expect.arrayContaining(['index.ts', 'infra/stack.ts', 'infra/config.ts']));
    expect(inputs.filter((input) => input.includes('node_modules'))).toEqual([]);
    expect(code).toMatch(/require\("@pulumi\/pulumi"\)/);
  });

  it('when bundled, then infra/stack.ts is the only module that reads __dirname (main.cjs runs the bundle as a file in infra/)', () => {
    const readers = inputs.filter((input) => /\b__(dirname|filename)\b/.test(fs.readFileSync(path.join(root, input), 'utf8')));
    expect(readers).toEqual(['infra/stack.ts']);
  });

  it('when Pulumi.yaml is read, then its main is the entry that runs this bundle', () => {
    expect(fs.readFileSync(path.join(root, 'Pulumi.yaml'), 'utf8')).toMatch(/^main: infra\/program\/main\.cjs$/m);
  });
});
