/**
 * What the Pulumi engine does with URNs and aliases when `pulumi up` meets an existing state: the
 * URN each resource gets, the old URNs its aliases stand for, and which resource of the old state
 * each new one takes over (the rest the engine deletes). Pure, so a render under mocks can be
 * checked against the URNs of a released program (infra/stack.aliases.test.ts).
 *
 * Ported from the engine, pulumi/pulumi `pkg/resource/deploy/step_generator.go` (`generateURN`,
 * `collapseAliasToUrn`, `inheritedChildAlias`, `generateAliases`, and the lookup of the old state
 * in `generateSteps`: the resource's own URN first, then its aliases in order) and
 * `sdk/go/common/resource/urn.go` (`NewURN`, `CreateURN`). The engine is the one that resolves
 * aliases: the Node.js SDK sends them as alias specs when the CLI supports them (the monitor's
 * `aliasSpecs` feature; `mapAliasesForRequest` in `@pulumi/pulumi/runtime/resource.js`). Without it the
 * SDK computes them itself (`allAliases` in `@pulumi/pulumi/resource.js`) with the same rules, but
 * inherits every alias of the parent instead of only the one that matched: a superset of this.
 * `@pulumi/pulumi` exports `createUrn` and `allAliases`, but they take resource objects and read
 * their `urn`, which under mocks is the mock monitor's (see `stateUrn` in record.ts), not the
 * engine's.
 */

/**
 * One alias as the engine receives it (pulumi/pulumi `proto/pulumi/alias.proto`): an old URN, or
 * a spec whose unset fields default to the resource's current ones.
 */
export interface AliasSpec {
  urn?: string;
  name?: string;
  type?: string;
  stack?: string;
  project?: string;
  /** The parent it had then, as a state URN. Unset: the parent it has now. */
  parentUrn?: string;
  /** It had no parent then, i.e. it sat at the top of the stack (`parent: pulumi.rootStackResource`). */
  noParent?: boolean;
}

/** A resource as registered: its type and name, its parent's state URN (undefined: the root stack), its aliases. */
export interface Goal {
  type: string;
  name: string;
  parent?: string;
  aliases: readonly AliasSpec[];
}

export const ROOT_STACK_TYPE = 'pulumi:pulumi:Stack';

export interface UrnParts {
  stack: string;
  project: string;
  /** The parent types and the type, `$`-joined (`todo:infra:Namespace$kubernetes:core/v1:Namespace`). */
  qualifiedType: string;
  /** The resource's own type, the last of `qualifiedType`. */
  type: string;
  name: string;
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` split up (the name may itself contain `::`). */
export function parseUrn(urn: string): UrnParts {
  const prefix = 'urn:pulumi:';
  const parts = urn.startsWith(prefix) ? urn.slice(prefix.length).split('::') : [];
  if (parts.length < 4) throw new Error(`not a Pulumi URN: ${urn}`);
  const [stack, project, qualifiedType] = parts as [string, string, string];
  return { stack, project, qualifiedType, type: qualifiedType.split('$').pop() as string, name: parts.slice(3).join('::') };
}

/** `resource.NewURN`: the parent's qualified type (empty at the top) prefixes the type. */
export function newUrn(stack: string, project: string, parentType: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ''}${type}::${name}`;
}

/** `resource.CreateURN`: the same from a parent URN (none: the top of the stack). */
export function createUrn(name: string, type: string, parent: string | undefined, project: string, stack: string): string {
  return parent
    ? `${parent.slice(0, parent.lastIndexOf('::'))}$${type}::${name}`
    : `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

const isRootStack = (urn: string) => parseUrn(urn).qualifiedType === ROOT_STACK_TYPE;

/** `Deployment.generateURN`: the URN a resource gets; the root stack's type is never a prefix. */
export function resourceUrn(stack: string, project: string, goal: Pick<Goal, 'type' | 'name' | 'parent'>): string {
  const parentType = goal.parent && !isRootStack(goal.parent) ? parseUrn(goal.parent).qualifiedType : '';
  return newUrn(stack, project, parentType, goal.type, goal.name);
}

/**
 * `collapseAliasToUrn`. `aliased` maps the new URN of each resource that was found under an alias
 * to that old URN: an alias naming a parent that was itself renamed means the parent's old URN.
 */
export function collapseAlias(urn: string, goal: Goal, alias: AliasSpec, aliased: ReadonlyMap<string, string>): string {
  if (alias.urn) return alias.urn;
  const own = parseUrn(urn);
  let parent = alias.parentUrn ? (aliased.get(alias.parentUrn) ?? alias.parentUrn) : goal.parent;
  if (alias.noParent || (parent && isRootStack(parent))) parent = undefined;
  return createUrn(alias.name || goal.name, alias.type || goal.type, parent, alias.project || own.project, alias.stack || own.stack);
}

/**
 * `inheritedChildAlias`: a child of a resource found under an alias answers to the same URN under
 * that old parent; a child name that starts with the parent's name has that prefix swapped for the
 * old parent's name (`default-frontend-ingress` under `default`, once `network`: `network-frontend-ingress`).
 */
export function inheritedChildAlias(urn: string, childType: string, childName: string, parentName: string, parentAlias: string): string {
  const own = parseUrn(urn);
  const old = parseUrn(parentAlias);
  const name = childName.startsWith(parentName) ? old.name + childName.slice(parentName.length) : childName;
  return newUrn(own.stack, own.project, old.qualifiedType, childType, name);
}

/** `generateAliases`: every old URN the resource answers to, its own aliases first, then those inherited from its parent. */
export function aliasUrns(urn: string, goal: Goal, aliased: ReadonlyMap<string, string>): string[] {
  const result = new Set<string>();
  for (const alias of goal.aliases) result.add(collapseAlias(urn, goal, alias, aliased));
  const parentAlias = goal.parent ? aliased.get(goal.parent) : undefined;
  if (goal.parent && parentAlias) {
    const parentName = parseUrn(goal.parent).name;
    result.add(inheritedChildAlias(urn, goal.type, goal.name, parentName, parentAlias));
    for (const alias of goal.aliases) {
      const collapsed = parseUrn(collapseAlias(urn, goal, alias, aliased));
      result.add(inheritedChildAlias(urn, collapsed.type, collapsed.name, parentName, parentAlias));
    }
  }
  return [...result];
}

export interface TakeOver {
  /** New URN → the old URN whose state it takes over (its own when unchanged). Only those that find one. */
  takenOver: Map<string, string>;
  /** New URN → the old URN it took over through an alias (the renames). */
  aliased: Map<string, string>;
  /** Old URNs no resource takes over: `pulumi up` deletes them (and, for a named Kubernetes object, the object). */
  deleted: string[];
  /** What the engine refuses: two resources claiming one old URN, or an alias naming a URN another resource has now. */
  errors: string[];
}

/**
 * The old-state lookup of `generateSteps`, for a program's resources in registration order (as
 * the engine sees them) against the URNs of an existing state.
 */
export function takeOver(goals: readonly (Goal & { urn: string })[], oldUrns: Iterable<string>): TakeOver {
  const old = new Set(oldUrns);
  const current = new Set<string>();
  const claimedBy = new Map<string, string>();
  const takenOver = new Map<string, string>();
  const aliased = new Map<string, string>();
  const errors: string[] = [];
  for (const goal of goals) {
    const { urn } = goal;
    if (claimedBy.has(urn)) errors.push(`${urn} is registered, but ${claimedBy.get(urn) as string} already took it over as an alias`);
    current.add(urn);
    for (const candidate of [urn, ...aliasUrns(urn, goal, aliased)]) {
      if (!old.has(candidate)) continue;
      if (candidate !== urn) {
        if (current.has(candidate)) errors.push(`${urn} aliases ${candidate}, which another resource of the program has as its URN`);
        const previous = claimedBy.get(candidate);
        if (previous) errors.push(`${urn} aliases ${candidate}, already taken over by ${previous}`);
        claimedBy.set(candidate, urn);
        aliased.set(urn, candidate);
      }
      takenOver.set(urn, candidate);
      break;
    }
  }
  const kept = new Set(takenOver.values());
  return { takenOver, aliased, deleted: [...old].filter((u) => !kept.has(u)), errors };
}
