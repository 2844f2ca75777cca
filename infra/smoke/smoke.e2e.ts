/**
 * `npm run smoke` against the built apps on loopback: the same stack the browser suite starts
 * (`@todo/system-test/stack`: migrated database, backend bundle, standalone frontend). Runs the real
 * npm script as a child process and reads its report and exit code. Part of `npm run test:e2e`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStack, type Stack } from '@todo/system-test/stack';
import { freePort } from '@todo/testkit/ports';

const root = resolve(__dirname, '..', '..');
let stack: Stack;
/** A loopback port nothing listens on: the "backend not exposed" probe's passing case. */
let closedPort: number;

function smoke(args: string[]): Promise<{ code: number | null; lines: string[] }> {
  return new Promise((done, fail) => {
    const child = spawn('npm', ['run', 'smoke', '--silent', '--', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, lines: output.trimEnd().split('\n') }));
  });
}

/** `[outcome, step]` of each step line, in order. */
const outcomes = (lines: string[]) =>
  lines.flatMap((line) => {
    const match = /^ {2}(ok|FAIL|skip) +(.+?) {2,}/.exec(line);
    return match ? [[match[1], match[2]?.trim()]] : [];
  });

describe('npm run smoke against the release on loopback', { timeout: 5 * 60_000 }, () => {
  before(async () => {
    stack = await startStack();
    closedPort = await freePort();
  });

  after(async () => {
    await stack?.stop();
  });

  it('when the release is healthy, then every step passes with its time, exit 0, and the throwaway user is gone', async () => {
    const { code, lines } = await smoke(['--url', stack.frontendUrl, '--backend-probe', `http://127.0.0.1:${closedPort}`, '--wait', '0']);

    assert.equal(code, 0, lines.join('\n'));
    assert.equal(lines[0], `smoke test of ${stack.frontendUrl} (--url)`);
    assert.deepEqual(outcomes(lines), [
      ['ok', 'frontend health'],
      ['ok', 'sign up'],
      ['ok', 'create task'],
      ['ok', 'list tasks'],
      ['ok', 'complete task'],
      ['ok', 'delete task'],
      ['ok', 'backend not exposed'],
      ['ok', 'delete throwaway user'],
    ]);
    for (const line of lines.slice(1, -1)) assert.match(line, / \d+ ms {2}/);
    assert.match(lines.at(-1) ?? '', /^smoke test passed: 8 steps in \d+\.\d s$/);
    assert.match(lines.find((l) => l.includes('backend not exposed')) ?? '', new RegExp(`127\\.0\\.0\\.1:${closedPort}: ECONNREFUSED`));

    // The account is really gone: its address can be registered again, straight at the backend.
    const email = /sign up .* (smoke-\d{14}-[0-9a-f]{8}@example\.com)$/.exec(lines.find((l) => l.includes('sign up')) ?? '')?.[1];
    assert.ok(email, 'the sign-up line names the throwaway address');
    const again = await fetch(`${stack.backendUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery' }),
    });
    assert.equal(again.status, 201);
  });

  it('when the backend answers from outside the frontend, then "backend not exposed" fails, exit 1, and the user is still deleted', async () => {
    const { code, lines } = await smoke(['--url', stack.frontendUrl, '--backend-probe', stack.backendUrl, '--wait', '0']);

    assert.equal(code, 1, lines.join('\n'));
    assert.deepEqual(outcomes(lines).slice(-2), [
      ['FAIL', 'backend not exposed'],
      ['ok', 'delete throwaway user'],
    ]);
    assert.match(
      lines.find((l) => l.includes('FAIL')) ?? '',
      new RegExp(`the backend's API is reachable without the frontend: ${stack.backendUrl}/api/v1/auth/me answered 401 from the API`),
    );
    assert.equal(lines.at(-1)?.startsWith('smoke test FAILED at step "backend not exposed"'), true);
  });

  it('when the backend is down behind a healthy frontend, then sign-up is the failing step (503), the rest skipped, exit 1', async () => {
    await stack.stopBackend();

    const { code, lines } = await smoke(['--url', stack.frontendUrl, '--backend-probe', `http://127.0.0.1:${closedPort}`, '--wait', '0']);

    assert.equal(code, 1, lines.join('\n'));
    assert.deepEqual(outcomes(lines), [
      ['ok', 'frontend health'],
      ['FAIL', 'sign up'],
      ['skip', 'create task'],
      ['skip', 'list tasks'],
      ['skip', 'complete task'],
      ['skip', 'delete task'],
      ['skip', 'backend not exposed'],
      ['ok', 'delete throwaway user'],
    ]);
    assert.match(
      lines.find((l) => l.includes('FAIL')) ?? '',
      /POST \/api\/session\/signup answered 503 service_unavailable: The backend is unreachable/,
    );
    assert.match(lines.at(-1) ?? '', /^smoke test FAILED at step "sign up" \(\d+\.\d s\)$/);
  });
});
