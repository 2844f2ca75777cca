import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, StackConfigError, type SecretKey } from '../config';
import { configuredKeys, missingSecrets, secretSteps } from './stack-secrets';

describe('configuredKeys', () => {
  it.each([
    [
      "the project's keys, secrets without a value",
      '{"todo:jwtSecret":{"secret":true},"todo:kubeContext":{"value":"minikube","secret":false},"aws:region":{"value":"x","secret":false}}',
      ['jwtSecret', 'kubeContext'],
    ],
    ['no config at all', '{}', []],
  ])('when pulumi config --json lists %s, then the keys are %j', (_what, json, keys) => {
    expect(configuredKeys(json, 'todo')).toEqual({ keys: new Set(keys) });
  });

  it.each(['', 'KEY VALUE', '[]'])('when the output is %j, then it says it cannot read it', (output) => {
    expect(configuredKeys(output, 'todo')).toEqual({ error: `unexpected output of pulumi config --json: ${output}` });
  });
});

describe('missingSecrets', () => {
  it.each([
    ['a new stack', [], ['jwtSecret', 'postgresPassword']],
    ['a stack with both', ['jwtSecret', 'postgresPassword'], []],
    ['a stack with an external database', ['databaseUrl'], ['jwtSecret']],
    ['a stack with its JWT secret only', ['jwtSecret', 'kubeContext'], ['postgresPassword']],
    ['a stack with everything but the JWT secret', ['postgresPassword', 'databaseUrl'], ['jwtSecret']],
  ])('when %s, then the missing generated secrets are %j', (_what, keys, missing) => {
    expect(missingSecrets(new Set(keys))).toEqual(missing);
  });

  it.each([[[]], [['databaseUrl']]] as SecretKey[][][])(
    'when a stack holds %j, then what the wrapper adds is exactly what the program still requires',
    (held) => {
      const added = missingSecrets(new Set(held));
      const secretsOf = (keys: readonly SecretKey[]) =>
        Object.fromEntries(keys.map((k) => [k, pulumi.secret(k === 'databaseUrl' ? 'postgresql://x' : 'x'.repeat(64))]));
      expect(() => parseStackConfig('dev', {}, secretsOf([...held, ...added]))).not.toThrow();
      for (const key of added) {
        expect(() => parseStackConfig('dev', {}, secretsOf([...held, ...added.filter((k) => k !== key)]))).toThrow(StackConfigError);
      }
    },
  );
});

describe('secretSteps', () => {
  const counter = () => {
    let n = 0;
    return () => `generated-${++n}`;
  };

  it('when both are missing on a new stack, then each gets its own generated value, set with --secret and the value kept off the command line', () => {
    const steps = secretSteps('dev', ['jwtSecret', 'postgresPassword'], counter());
    expect(steps).toEqual([
      {
        key: 'jwtSecret',
        value: 'generated-1',
        args: ['config', 'set', '--secret', 'jwtSecret', '--stack', 'dev'],
        message: 'Generated jwtSecret for stack dev (kept encrypted in Pulumi.dev.yaml)',
      },
      {
        key: 'postgresPassword',
        value: 'generated-2',
        args: ['config', 'set', '--secret', 'postgresPassword', '--stack', 'dev'],
        message: 'Generated postgresPassword for stack dev (kept encrypted in Pulumi.dev.yaml)',
      },
    ]);
    for (const step of steps) expect(step.args.join(' ')).not.toContain(step.value);
  });

  it('when nothing is missing, then nothing runs', () => {
    expect(secretSteps('prod', [], counter())).toEqual([]);
  });
});
