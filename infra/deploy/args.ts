import { parseArgs } from 'node:util';

export interface WrapperArgs {
  /** `--stack <name>` / `-s <name>` / `--stack=<name>`; default `$PULUMI_STACK`, else `dev`. */
  stack: string;
  /** Every other argument, in its original order, for the Pulumi CLI (`--yes`, `--target <urn>`, ...). */
  passThrough: string[];
  /** False with `--no-smoke`: `npm run deploy` then skips the smoke test after a successful `up`. */
  smoke: boolean;
  /** False with `--no-policy`: `up` and `preview` then run without the policy pack (and say so). */
  policy: boolean;
  /**
   * True with `--watch`: `npm run deploy` deploys once, then again on each save of what the images
   * or the program are made of (watch.ts). Never passed to Pulumi (it has no such flag for `up`).
   */
  watch: boolean;
}

/** The wrapper's own on/off flags: consumed, never passed to Pulumi. */
const WRAPPER_SWITCHES = new Set(['no-smoke', 'no-policy', 'watch']);

/**
 * Splits the wrapper's own `--stack` from the flags meant for Pulumi with `node:util` `parseArgs`
 * (non-strict, so Pulumi's flags pass untouched; tokens keep their positions and order).
 */
export function parseWrapperArgs(argv: readonly string[], env: NodeJS.ProcessEnv): WrapperArgs {
  const { values, tokens } = parseArgs({
    args: [...argv],
    options: {
      stack: { type: 'string', short: 's' },
      'no-smoke': { type: 'boolean' },
      'no-policy': { type: 'boolean' },
      watch: { type: 'boolean' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const consumed = new Set<number>();
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'stack') {
      consumed.add(token.index);
      if (token.value !== undefined && !token.inlineValue) consumed.add(token.index + 1);
    }
    if (token.kind === 'option' && WRAPPER_SWITCHES.has(token.name)) consumed.add(token.index);
  }
  const stack = typeof values.stack === 'string' && values.stack !== '' ? values.stack : (env.PULUMI_STACK ?? 'dev');
  return {
    stack,
    passThrough: argv.filter((_, i) => !consumed.has(i)),
    smoke: values['no-smoke'] !== true,
    policy: values['no-policy'] !== true,
    watch: values.watch === true,
  };
}
