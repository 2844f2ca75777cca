import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, StackConfigError, type SecretKey } from '../config';
import { configuredKeys, missingSecrets, releasedPasswords, secretSteps, SET_SECRET_ARGS } from './stackSecrets';

/** A shown secret as `pulumi stack export --show-secrets` writes it (the value JSON-encoded). */
const shown = (value: string) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', plaintext: JSON.stringify(value) });
const randomPassword = (urn: string, result: unknown) => ({ urn, type: 'random:index/randomPassword:RandomPassword', outputs: { length: 32, result } });

describe('configuredKeys', () => {
  it.each([
    ['the project\'s keys, secrets without a value', '{"todo:jwtSecret":{"secret":true},"todo:kubeContext":{"value":"minikube","secret":false},"aws:region":{"value":"x","secret":false}}', ['jwtSecret', 'kubeContext']],
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

describe('releasedPasswords', () => {
  it.each([
    [
      'a stack deployed by the release that generated both',
      {
        version: 3,
        deployment: {
          resources: [
            randomPassword('urn:pulumi:dev::todo::random:index/randomPassword:RandomPassword::jwt-secret', shown('old-jwt')),
            randomPassword('urn:pulumi:dev::todo::todo:infra:Database$random:index/randomPassword:RandomPassword::postgres-password', shown('old-pg')),
          ],
        },
      },
      { jwtSecret: 'old-jwt', postgresPassword: 'old-pg' },
    ],
    [
      'a state whose secrets were not shown (ciphertext only)',
      {
        version: 3,
        deployment: {
          resources: [
            randomPassword('urn:pulumi:dev::todo::random:index/randomPassword:RandomPassword::jwt-secret', {
              '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270',
              ciphertext: 'v1:abc',
            }),
          ],
        },
      },
      {},
    ],
    ['a new stack (no resources)', { version: 3, deployment: { manifest: {} } }, {}],
    [
      'another resource with the same name',
      { version: 3, deployment: { resources: [{ urn: 'urn:pulumi:dev::todo::kubernetes:core/v1:Secret::jwt-secret', type: 'kubernetes:core/v1:Secret', outputs: { result: 'x' } }] } },
      {},
    ],
  ])('when the state is %s, then the released values are %j', (_what, state, expected) => {
    expect(releasedPasswords(JSON.stringify(state))).toEqual(expected);
  });

  it('when the export is not JSON, then nothing is taken over', () => {
    expect(releasedPasswords('error: no stack')).toEqual({});
  });
});

describe('secretSteps', () => {
  const counter = () => {
    let n = 0;
    return () => `generated-${++n}`;
  };

  it('when both are missing on a new stack, then each gets its own generated value, set with --secret and the value kept off the command line', () => {
    const steps = secretSteps('dev', ['jwtSecret', 'postgresPassword'], {}, counter());
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

  it('when the state holds the released password, then it is taken over instead of generated, and the message never shows a value', () => {
    const steps = secretSteps('dev', ['postgresPassword'], { postgresPassword: 'old-pg', jwtSecret: 'unused' }, counter());
    expect(steps).toEqual([
      {
        key: 'postgresPassword',
        value: 'old-pg',
        args: SET_SECRET_ARGS('postgresPassword', 'dev'),
        message: 'Took over postgresPassword for stack dev from its state (the value the postgres-password resource generated; kept encrypted in Pulumi.dev.yaml)',
      },
    ]);
  });

  it('when nothing is missing, then nothing runs', () => {
    expect(secretSteps('prod', [], { jwtSecret: 'x' }, counter())).toEqual([]);
  });
});
