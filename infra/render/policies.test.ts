import { runPolicies } from './policies';
import { renderStack } from './program';

jest.setTimeout(60_000);

describe('runPolicies', () => {
  it('when the committed stacks are rendered, then the policy pack finds nothing', async () => {
    expect(await runPolicies(await renderStack('dev'))).toEqual([]);
    expect(await runPolicies(await renderStack('prod'))).toEqual([]);
  });

  it('when a Deployment runs a :latest image, then a mandatory violation names it', async () => {
    const resources = await renderStack('dev');
    const broken = resources.map((r) =>
      r.type === 'kubernetes:apps/v1:Deployment' && (r.inputs.metadata as { name: string }).name === 'frontend'
        ? {
            ...r,
            inputs: JSON.parse(JSON.stringify(r.inputs).replace(/todo\/frontend:[0-9a-f]{12}/g, 'todo/frontend:latest')) as Record<
              string,
              unknown
            >,
          }
        : r,
    );
    expect(await runPolicies(broken)).toEqual([
      {
        policy: 'no-latest-image',
        enforcementLevel: 'mandatory',
        message: 'frontend/frontend: image "todo/frontend:latest" is not pinned to a tag or digest',
      },
    ]);
  });
});
