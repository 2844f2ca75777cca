import * as pulumi from '@pulumi/pulumi';
import { parseStackConfig, StackConfigError, type SecretKey } from '../config';
import { configuredKeys, generatesSecrets, missingSecrets, missingSecretsProblem, secretSteps } from './stack-secrets';

describe('configuredKeys', () => {
  it.each([
    [
      "the project's keys, secrets without a value",
      '{"todo:jwtSecret":{"secret":true},"todo:kubeContext":{"value":"minikube","secret":false},"aws:region":{"value":"x","secret":false}}',
      ['jwtSecret', 'kubeContext'],
      { kubeContext: 'minikube' },
    ],
    ['no config at all', '{}', [], {}],
  ])('when pulumi config --json lists %s (%s), then the keys are %j and the plain values %j', (_what, json, keys, plain) => {
    expect(configuredKeys(json, 'todo')).toEqual({ keys: new Set(keys), plain });
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

describe('generatesSecrets', () => {
  it.each([
    ['the stack dev', 'dev', {}, true],
    ['another stack whose environment is dev', 'alice', { environment: 'dev' }, true],
    ['the prod example (environment prod)', 'prod', { environment: 'prod', kubeContext: 'prod-cluster' }, false],
    ['a stack without environment, named staging', 'staging', {}, false],
    ['the stack dev labelled another environment', 'dev', { environment: 'qa' }, false],
  ])('when it is %s (stack %s, config %j), then the wrapper may make up its secrets: %s', (_what, stack, plain, expected) => {
    expect(generatesSecrets(stack, plain)).toBe(expected);
  });
});

describe('missingSecretsProblem', () => {
  it('when prod lacks both, then each is named with a command that takes the value on stdin or a prompt, and the workflow secret', () => {
    expect(missingSecretsProblem('prod', { environment: 'prod' }, ['jwtSecret', 'postgresPassword'])).toBe(
      [
        'Stack prod (environment prod) lacks secrets the wrapper generates for a dev environment only:',
        'a value invented here would replace a live one or plan a new in-cluster database. Set each one:',
        '  jwtSecret: openssl rand -hex 32 | npx pulumi config set --secret jwtSecret --stack prod',
        '  databaseUrl (an external PostgreSQL): npx pulumi config set --secret databaseUrl --stack prod (it asks for the URL without echoing it)',
        '    or postgresPassword, for an in-cluster PostgreSQL: openssl rand -hex 32 | npx pulumi config set --secret postgresPassword --stack prod',
        "In the shared-stack workflow they come from the environment's secrets JWT_SECRET and DATABASE_URL (docs/deploy.md, Pull-request checks).",
      ].join('\n'),
    );
  });

  it('when only jwtSecret is missing (environment unset), then only it and its workflow secret are named', () => {
    const problem = missingSecretsProblem('staging', {}, ['jwtSecret']);
    expect(problem).toContain('Stack staging (environment staging) lacks secrets');
    expect(problem).toContain('  jwtSecret: openssl rand -hex 32 | npx pulumi config set --secret jwtSecret --stack staging');
    expect(problem).not.toContain('databaseUrl');
    expect(problem).toContain("the environment's secrets JWT_SECRET (docs/deploy.md");
  });
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
