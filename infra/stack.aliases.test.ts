import * as fs from 'node:fs';
import * as path from 'node:path';
import { takeOver, type TakeOver } from './render/aliases';
import { renderStack, type RenderedResource } from './render/program';

/**
 * A stack deployed from the last release keeps every resource when the current program is deployed
 * over it: each URN in its state (infra/testing/urns-7def0d8.json) is either still a URN of the
 * program or the target of one of its aliases, as the engine resolves them (render/aliases.ts).
 * An old URN nothing takes over is deleted by `pulumi up`, and for a Kubernetes object declared
 * again under a new name that deletes the live object (pulumi/pulumi-kubernetes#2948).
 */

interface ReleasedUrns {
  commit: string;
  stacks: Record<'dev' | 'prod', string[]>;
}
const released = JSON.parse(fs.readFileSync(path.join(__dirname, 'testing', 'urns-7def0d8.json'), 'utf8')) as ReleasedUrns;

const deploy = (resources: readonly RenderedResource[], stack: 'dev' | 'prod'): TakeOver =>
  takeOver(
    resources.map((r) => ({ type: r.type, name: r.name, urn: r.stateUrn, parent: r.parent && resources.find((p) => p.urn === r.parent)?.stateUrn, aliases: r.aliases })),
    released.stacks[stack],
  );
const short = (urn: string) => urn.replace(/^urn:pulumi:[^:]+::todo::/, '');

jest.setTimeout(60_000);

const rendered: Partial<Record<'dev' | 'prod', RenderedResource[]>> = {};
const render = async (stack: 'dev' | 'prod') => (rendered[stack] ??= await renderStack(stack));

// What 01fe458 renamed, old → new URN (without the `urn:pulumi:<stack>::todo::` prefix).
const policy = 'todo:infra:NetworkPolicies$kubernetes:networking.k8s.io/v1:NetworkPolicy';
const renames = {
  'kubernetes:core/v1:Namespace::namespace': 'todo:infra:Namespace$kubernetes:core/v1:Namespace::todo-namespace',
  'todo:infra:NetworkPolicies::network': 'todo:infra:NetworkPolicies::default',
  [`${policy}::network-default-deny-ingress`]: `${policy}::default-deny-ingress`,
  [`${policy}::network-frontend-ingress`]: `${policy}::default-frontend-ingress`,
  [`${policy}::network-backend-ingress`]: `${policy}::default-backend-ingress`,
};

/**
 * What the current program gives up on purpose: the `@pulumi/random` passwords of that release.
 * Deleting one removes nothing live (a RandomPassword exists only in the state); their values move
 * into the stack's encrypted config (`jwtSecret`, `postgresPassword`), where `npm run deploy` takes
 * them over from the state before the first `up` (infra/deploy/stackSecrets.ts), so the PostgreSQL
 * volume initialised with the old password still opens.
 */
const givenUp: Record<'dev' | 'prod', string[]> = {
  dev: ['random:index/randomPassword:RandomPassword::jwt-secret', 'todo:infra:Database$random:index/randomPassword:RandomPassword::postgres-password'],
  prod: [],
};

describe.each(['dev', 'prod'] as const)('the %s stack as deployed from the last release (7def0d8)', (stack) => {
  it('when the current program is deployed over it, then every resource it holds is taken over (same URN or an alias) and only the random passwords are deleted', async () => {
    const plan = deploy(await render(stack), stack);
    expect(plan.deleted.map(short).sort()).toEqual(givenUp[stack].sort());
    expect(plan.errors).toEqual([]);
    const urn = (name: string) => `urn:pulumi:${stack}::todo::${name}`;
    expect(new Set(plan.takenOver.values())).toEqual(new Set(released.stacks[stack].filter((u) => !givenUp[stack].map(urn).includes(u))));
  });

  it('when the current program is deployed over it, then exactly the resources renamed since are found under their old URN', async () => {
    const plan = deploy(await render(stack), stack);
    const found = Object.fromEntries([...plan.aliased].map(([now, old]) => [short(old), short(now)]));
    // The postgres policy exists only with the in-cluster database (dev).
    const postgres = stack === 'dev' ? { [`${policy}::network-postgres-ingress`]: `${policy}::default-postgres-ingress` } : {};
    expect(found).toEqual({ ...renames, ...postgres });
  });
});

describe('the check itself', () => {
  it('when an alias is dropped, then the resources it kept are reported as deleted', async () => {
    const dev = await render('dev');
    const without = (name: string) => dev.map((r) => (r.name === name ? { ...r, aliases: [] } : r));
    const deleted = (plan: TakeOver) => plan.deleted.map(short).filter((u) => !givenUp.dev.includes(u));
    expect(deleted(deploy(without('todo-namespace'), 'dev'))).toEqual(['kubernetes:core/v1:Namespace::namespace']);
    expect(deleted(deploy(without('default-deny-ingress'), 'dev'))).toEqual([`${policy}::network-default-deny-ingress`]);
    // The component's alias also carries its children named after it.
    expect(deleted(deploy(without('default'), 'dev')).sort()).toEqual(
      [`${policy}::network-backend-ingress`, `${policy}::network-frontend-ingress`, `${policy}::network-postgres-ingress`, 'todo:infra:NetworkPolicies::network'].sort(),
    );
  });

  it('when the fixture is read, then it holds both stacks of 7def0d8 with the root-stack-free URNs the engine writes', () => {
    expect(released.commit).toMatch(/^7def0d8/);
    for (const urns of Object.values(released.stacks)) {
      expect(urns.length).toBeGreaterThan(20);
      for (const urn of urns) expect(urn).not.toContain('pulumi:pulumi:Stack');
    }
  });
});
