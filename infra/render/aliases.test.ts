import * as pulumi from '@pulumi/pulumi';
import { aliasUrns, collapseAlias, createUrn, parseUrn, resourceUrn, takeOver, type Goal } from './aliases';
import { valueOf } from './record';

const top = (type: string, name: string) => `urn:pulumi:dev::todo::${type}::${name}`;
const STACK = 'urn:pulumi:dev::todo::pulumi:pulumi:Stack::todo-dev';
const POLICY = 'kubernetes:networking.k8s.io/v1:NetworkPolicy';

describe('URNs', () => {
  it('when a URN is split, then the name keeps any "::" and the type is the last of the qualified type', () => {
    expect(parseUrn('urn:pulumi:prod::todo::a:b:C$d:e:F::x::y')).toEqual({
      stack: 'prod',
      project: 'todo',
      qualifiedType: 'a:b:C$d:e:F',
      type: 'd:e:F',
      name: 'x::y',
    });
    expect(() => parseUrn('urn:other')).toThrow('not a Pulumi URN');
  });

  it('when a resource is at the top, under a component or under a child, then its URN is the one the engine writes', () => {
    const component = resourceUrn('dev', 'todo', { type: 'todo:infra:Namespace', name: 'todo', parent: STACK });
    const child = resourceUrn('dev', 'todo', { type: 'kubernetes:core/v1:Namespace', name: 'todo-namespace', parent: component });
    expect(component).toBe(top('todo:infra:Namespace', 'todo'));
    expect(resourceUrn('dev', 'todo', { type: 'todo:infra:Namespace', name: 'todo' })).toBe(component);
    expect(child).toBe(top('todo:infra:Namespace$kubernetes:core/v1:Namespace', 'todo-namespace'));
    expect(resourceUrn('dev', 'todo', { type: 'x:y:Z', name: 'g', parent: child })).toBe(
      top('todo:infra:Namespace$kubernetes:core/v1:Namespace$x:y:Z', 'g'),
    );
  });

  it("when createUrn is given a parent URN, then it agrees with the SDK's own createUrn", async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, 'todo', 'dev', false);
    // The root stack as parent: the SDK's createUrn drops it itself; the engine drops it before (collapseAlias).
    for (const parent of [undefined, STACK, top('todo:infra:Namespace', 'todo'), top('a:b:C$d:e:F', 'x')]) {
      expect(createUrn('n', 't:u:V', parent === STACK ? undefined : parent, 'todo', 'dev')).toBe(await valueOf(pulumi.createUrn('n', 't:u:V', parent)));
    }
  });
});

describe('aliases', () => {
  const component = top('todo:infra:NetworkPolicies', 'default');
  const child = (name: string, aliases: Goal['aliases'] = []): Goal & { urn: string } => ({
    type: POLICY,
    name,
    parent: component,
    aliases,
    urn: resourceUrn('dev', 'todo', { type: POLICY, name, parent: component }),
  });

  it('when an alias names no parent (rootStackResource), then it stands for the URN at the top of the stack', () => {
    const goal = { type: 'kubernetes:core/v1:Namespace', name: 'todo-namespace', parent: top('todo:infra:Namespace', 'todo'), aliases: [] };
    const urn = resourceUrn('dev', 'todo', goal);
    expect(collapseAlias(urn, goal, { name: 'namespace', noParent: true }, new Map())).toBe(top('kubernetes:core/v1:Namespace', 'namespace'));
    expect(collapseAlias(urn, goal, { name: 'namespace', parentUrn: STACK }, new Map())).toBe(top('kubernetes:core/v1:Namespace', 'namespace'));
    expect(collapseAlias(urn, goal, { name: 'namespace' }, new Map())).toBe(top('todo:infra:Namespace$kubernetes:core/v1:Namespace', 'namespace'));
    expect(collapseAlias(urn, goal, { urn: 'urn:pulumi:dev::todo::x:y:Z::old' }, new Map())).toBe('urn:pulumi:dev::todo::x:y:Z::old');
  });

  it('when the parent was found under an alias, then each child inherits it, its name prefix swapped when it starts with the parent name', () => {
    const aliased = new Map([[component, top('todo:infra:NetworkPolicies', 'network')]]);
    const inherited = (name: string, aliases: Goal['aliases'] = []) => {
      const goal = child(name, aliases);
      return aliasUrns(goal.urn, goal, aliased).map((u) => parseUrn(u).name);
    };
    expect(inherited('default-frontend-ingress')).toEqual(['network-frontend-ingress']);
    expect(inherited('other')).toEqual(['other']);
    expect(inherited('default-deny-ingress', [{ name: 'network-default-deny-ingress' }])).toEqual(['network-default-deny-ingress', 'network-deny-ingress']);
    // Without the parent's match nothing is inherited.
    const alone = child('default-frontend-ingress');
    expect(aliasUrns(alone.urn, alone, new Map())).toEqual([]);
  });

  it("when the SDK computes the same aliases itself (CLIs without alias specs), then it finds the same URNs (allAliases)", async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) }, 'todo', 'dev', false);
    // Outside a stack: the mock URNs have no root stack type in front, as in the engine.
    const parent = new pulumi.ComponentResource('todo:infra:NetworkPolicies', 'default', {}, { aliases: [{ name: 'network' }] });
    expect(await valueOf(parent.urn)).toBe(component);
    const aliased = new Map([[component, top('todo:infra:NetworkPolicies', 'network')]]);
    for (const [name, aliases] of [
      ['default-frontend-ingress', []],
      ['default-deny-ingress', [{ name: 'network-default-deny-ingress' }]],
      ['other', [{ name: 'before' }]],
    ] as const) {
      const sdk = await Promise.all(pulumi.allAliases([...aliases], name, POLICY, parent, 'default').map(valueOf));
      const goal = child(name, aliases);
      expect(new Set(aliasUrns(goal.urn, goal, aliased))).toEqual(new Set(sdk));
    }
  });
});

describe('takeOver', () => {
  const a = top('x:y:Z', 'a');
  const b = top('x:y:Z', 'b');
  const c = top('x:y:Z', 'c');
  const goal = (name: string, aliases: Goal['aliases'] = []) => ({ type: 'x:y:Z', name, aliases, urn: top('x:y:Z', name) });

  it('when resources keep their URN or alias an old one, then each old URN is taken over and nothing is deleted', () => {
    const plan = takeOver([goal('a'), goal('c', [{ name: 'b' }])], [a, b]);
    expect(plan).toEqual({ takenOver: new Map([[a, a], [c, b]]), aliased: new Map([[c, b]]), deleted: [], errors: [] });
  });

  it('when a resource has both its own old URN and an alias, then its own URN wins and the alias target is deleted', () => {
    expect(takeOver([goal('a', [{ name: 'b' }])], [a, b]).deleted).toEqual([b]);
  });

  it('when nothing takes an old URN over, then it is deleted', () => {
    expect(takeOver([goal('c')], [a]).deleted).toEqual([a]);
  });

  it('when two resources alias one old URN, or an alias names a URN the program has, then the engine refuses it', () => {
    expect(takeOver([goal('b', [{ name: 'a' }]), goal('c', [{ name: 'a' }])], [a]).errors).toEqual([`${c} aliases ${a}, already taken over by ${b}`]);
    expect(takeOver([goal('a'), goal('c', [{ name: 'a' }])], [a]).errors).toEqual([`${c} aliases ${a}, which another resource of the program has as its URN`]);
    expect(takeOver([goal('c', [{ name: 'a' }]), goal('a')], [a]).errors).toEqual([`${a} is registered, but ${c} already took it over as an alias`]);
  });
});
