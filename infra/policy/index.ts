// The policy pack run by `pulumi up|preview --policy-pack infra/policy` (npm run deploy and
// npm run preview, PR previews).
// Constructing PolicyPack starts its gRPC server, so the rules live in ./policies for the tests.
import { PolicyPack } from '@pulumi/policy';
import { policies } from './policies';

new PolicyPack('todo-kubernetes', { policies });
