import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  backendUrl,
  checkNonInteractive,
  checkPassphrase,
  checkPolicyPack,
  checkPulumiCli,
  checkStackFile,
  ensureFileBackend,
  fileBackendDir,
} from './checks';

const repoRoot = path.resolve(__dirname, '..', '..');
let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'checks-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('checkPassphrase', () => {
  it.each([
    ['the passphrase is set', { PULUMI_CONFIG_PASSPHRASE: 'x' }, true, 'PULUMI_CONFIG_PASSPHRASE is set'],
    ['an empty passphrase is set', { PULUMI_CONFIG_PASSPHRASE: '' }, false, 'export PULUMI_CONFIG_PASSPHRASE='],
    ['a missing passphrase file is named', { PULUMI_CONFIG_PASSPHRASE_FILE: '/nonexistent/pass' }, false, 'which does not exist'],
    ['nothing is set', {}, false, "export PULUMI_CONFIG_PASSPHRASE='<choose one and keep it>'"],
  ])('when %s, then ok is %s with a clear message', (_what, env, ok, detail) => {
    const check = checkPassphrase(env);
    expect(check.ok).toBe(ok);
    expect(check.detail).toContain(detail);
  });
});

describe('checkStackFile', () => {
  it('when the stack file exists, then it passes; when not, the message names the stacks to use', () => {
    expect(checkStackFile(repoRoot, 'dev').ok).toBe(true);
    expect(checkStackFile(repoRoot, 'staging')).toEqual({
      name: 'stack "staging"',
      ok: false,
      detail:
        'Pulumi.staging.yaml does not exist. Use --stack dev (Minikube) or --stack prod, or copy Pulumi.dev.yaml to Pulumi.staging.yaml',
    });
  });
});

describe('checkPulumiCli', () => {
  it('when PULUMI_BIN names an executable, then it is used; a missing one is named with the fix', () => {
    const bin = path.join(tmp, 'pulumi');
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    expect(checkPulumiCli(bin, { PULUMI_BIN: bin })).toEqual({ name: 'Pulumi CLI', ok: true, detail: `PULUMI_BIN=${bin}` });
    expect(checkPulumiCli(path.join(tmp, 'nope'), { PULUMI_BIN: 'nope' }).detail).toContain(
      'is not an executable file: fix the path or unset PULUMI_BIN',
    );
    expect(checkPulumiCli(path.join(tmp, 'nope'), {}).detail).toContain('run npm ci at the repository root');
  });
});

describe('the state backend', () => {
  it('when PULUMI_BACKEND_URL is set, then that backend is kept; else the project-local file backend', () => {
    expect(backendUrl({ PULUMI_BACKEND_URL: 's3://bucket' }, '/repo')).toBe('s3://bucket');
    expect(backendUrl({}, '/repo')).toBe('file:///repo/.pulumi');
  });

  it.each([
    ['file:///repo/.pulumi', '/repo/.pulumi'],
    ['file:///repo/.pulumi?no_tmp_dir=true', '/repo/.pulumi'],
    ['file://~/state', path.join(os.homedir(), 'state')],
    ['s3://bucket/todo', undefined],
  ])('when the URL is %s, then the directory is %s', (url, dir) => {
    expect(fileBackendDir(url)).toBe(dir);
  });

  it('when the file backend directory is missing (a fresh clone), then it is created; a second run finds it', () => {
    const dir = path.join(tmp, 'clone', '.pulumi');
    expect(ensureFileBackend(`file://${dir}`)).toEqual({ name: 'state backend', ok: true, detail: `file://${dir} (created ${dir})` });
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(ensureFileBackend(`file://${dir}`).detail).toBe(`file://${dir} (exists)`);
  });

  it('when the path is a file, then it fails with what to do; a cloud backend is not touched', () => {
    const file = path.join(tmp, 'state');
    fs.writeFileSync(file, '');
    expect(ensureFileBackend(`file://${file}`).ok).toBe(false);
    expect(ensureFileBackend('s3://bucket/todo')).toEqual({ name: 'state backend', ok: true, detail: 's3://bucket/todo' });
  });
});

describe('checkPolicyPack', () => {
  it('when the pack has PulumiPolicy.yaml, then it passes; otherwise the file is named', () => {
    expect(checkPolicyPack(path.join(repoRoot, 'infra', 'policy')).ok).toBe(true);
    expect(checkPolicyPack(tmp)).toEqual({
      name: 'policy pack',
      ok: false,
      detail: `${path.join(tmp, 'PulumiPolicy.yaml')} is missing: restore it (git checkout -- infra/policy/PulumiPolicy.yaml)`,
    });
  });
});

describe('checkNonInteractive', () => {
  it.each([
    ['up', [], false, false],
    ['up', ['--yes'], false, true],
    ['destroy', ['-y'], false, true],
    ['refresh', ['--preview-only'], false, true],
    ['up', ['--skip-preview'], false, true],
    ['preview', [], false, undefined],
    ['up', [], true, undefined],
  ] as const)('when %s runs with %j (terminal %s), then ok is %s', (command, args, interactive, ok) => {
    expect(checkNonInteractive(command, args, interactive)?.ok).toBe(ok);
  });
});
