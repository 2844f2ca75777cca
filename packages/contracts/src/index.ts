export * from './errors';
export * from './auth';
export * from './tasks';
export * from './chat';
export * from './health';
export * from './openapi';
