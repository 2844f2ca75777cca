export * from './errors';
export * from './auth';
export * from './tasks';
export * from './assistant';
export * from './health';
export * from './routes';
export * from './request-id';
