import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from '@pulumi/policy';
import { policies } from '../policy/policies';
import type { RenderedResource } from './record';

/** What a rule reads of a resource: a render's record, or a resource of a deployed stack's state. */
export type PolicyInput = Pick<RenderedResource, 'type' | 'name' | 'urn' | 'inputs'>;

/** One policy result over a rendered stack. */
export interface PolicyViolation {
  policy: string;
  enforcementLevel: string;
  message: string;
}

/**
 * The policy pack's rules run over a render, the way the engine calls them (each resource through
 * every resource policy, the whole stack through every stack policy): the same rules `npm run
 * preview` enforces, without the Pulumi engine. The arguments carry what the rules read (type,
 * name, urn, props); config is not used by any rule.
 */
export async function runPolicies(resources: readonly PolicyInput[]): Promise<PolicyViolation[]> {
  const violations: PolicyViolation[] = [];
  const asPolicyResource = (r: PolicyInput) =>
    ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: r.inputs,
      opts: {},
      dependencies: [],
      propertyDependencies: {},
    }) as unknown as PolicyResource;
  for (const policy of policies) {
    const level = policy.enforcementLevel ?? 'advisory';
    const report = (message: string) => violations.push({ policy: policy.name, enforcementLevel: level, message });
    if ('validateStack' in policy && policy.validateStack) {
      await policy.validateStack({ resources: resources.map(asPolicyResource) } as unknown as StackValidationArgs, report);
    }
    if ('validateResource' in policy && policy.validateResource) {
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const r of resources) {
        for (const validate of validations) await validate(asPolicyResource(r) as unknown as ResourceValidationArgs, report);
      }
    }
  }
  return violations;
}
