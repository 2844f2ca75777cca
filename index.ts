// The Pulumi program: read and validate the stack config once, build the stack, export its outputs.
// Everything else lives in infra/ (components, config, policy pack, tests).
import { loadStackConfig } from './infra/config';
import { createStack } from './infra/stack';

const stack = createStack(loadStackConfig());

export const namespace = stack.namespace;
export const frontendUrl = stack.frontendUrl;
export const frontendUrlCommand = stack.frontendUrlCommand;
export const backendImage = stack.backendImage;
export const frontendImage = stack.frontendImage;
export const migrationJob = stack.migrationJob;
export const watchCommands = stack.watchCommands;
