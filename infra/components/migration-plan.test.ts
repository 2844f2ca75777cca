import { MIGRATE_COMMAND, migrationJobName, migrationJobPlan } from './migration-plan';
import { migrationArgs } from '../testing/component-args';

const args = migrationArgs;
type Pod = { spec: { template: { spec: { imagePullSecrets?: unknown; containers: { command: string[]; resources: unknown }[] } } } };
const podOf = (plan: ReturnType<typeof migrationJobPlan>) => (plan as Pod).spec.template.spec;

describe('migrationJobName', () => {
  it('when the backend image tag is abc123def456, then the Job is backend-migrate-abc123def456', () => {
    expect(migrationJobName('backend-migrate', 'abc123def456')).toBe('backend-migrate-abc123def456');
  });
});

describe('migrationJobPlan', () => {
  it('when planned, then the Job is named after the tag and replaced when unready', () => {
    expect(migrationJobPlan('backend-migrate', args).metadata).toEqual(
      expect.objectContaining({ name: 'backend-migrate-abc123def456', annotations: { 'pulumi.com/replaceUnready': 'true' } }),
    );
  });

  it.each([
    [undefined, MIGRATE_COMMAND],
    [
      ['node', 'other.js'],
      ['node', 'other.js'],
    ],
  ])('when the command is %j, then the container runs %j', (command, expected) => {
    expect(podOf(migrationJobPlan('backend-migrate', { ...args, command }))?.containers[0]?.command).toEqual(expected);
  });

  it('when no resources are given, then the defaults are 50m/128Mi requests and 500m/512Mi limits', () => {
    expect(podOf(migrationJobPlan('backend-migrate', args)).containers[0]?.resources).toEqual({
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
  });

  it.each([
    [undefined, undefined],
    [['registry-pull-secret'], [{ name: 'registry-pull-secret' }]],
  ])('when the pull secrets are %j, then the pod lists %j', (imagePullSecrets, expected) => {
    expect(podOf(migrationJobPlan('backend-migrate', { ...args, imagePullSecrets })).imagePullSecrets).toEqual(expected);
  });
});
