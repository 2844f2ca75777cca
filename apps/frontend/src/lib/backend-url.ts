/**
 * The backend's base URL, read from the environment on every call (never at build time), so one
 * image runs against any backend: `http://backend:8000` in the cluster, localhost in development.
 */
export function backendUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.BACKEND_URL?.trim() || 'http://localhost:8000';
  return value.replace(/\/+$/, '');
}
