import { trustedProxyHopsFrom } from './client-address';

/**
 * The built server's environment, read and checked once at start (server.ts), as the backend checks
 * its own (apps/backend/src/config.ts): every bad variable is named with what it must be, and the
 * server does not start. `next dev` does not run this entry; there `BACKEND_URL` falls back to
 * http://localhost:8000 (src/lib/backend-url.ts) and `npm run dev` sets it anyway.
 */
export interface FrontendSettings {
  port: number;
  hostname: string;
  /** The backend's base URL, without trailing slashes. */
  backendUrl: string;
  trustedProxyHops: number;
  /** Whether the front server answers `/api/v1` itself (api-proxy.ts). */
  apiFastPath: boolean;
  /** Idle keep-alive timeout of both servers, in ms; Node's default when absent. */
  keepAliveTimeoutMs: number | undefined;
}

export class FrontendSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`The frontend cannot start; fix these environment variables:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'FrontendSettingsError';
  }
}

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

export function loadFrontendSettings(env: Readonly<Record<string, string | undefined>>): FrontendSettings {
  const problems: string[] = [];
  const wholeNumber = (name: string, min: number, max: number, fallback: number | undefined): number | undefined => {
    const raw = env[name];
    if (!isSet(raw)) return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
    return fallback;
  };

  const port = wholeNumber('PORT', 1, 65_535, 3000) ?? 3000;
  const keepAliveTimeoutMs = wholeNumber('KEEP_ALIVE_TIMEOUT', 0, 3_600_000, undefined);

  let backendUrl = '';
  const rawBackend = env.BACKEND_URL;
  if (!isSet(rawBackend)) {
    problems.push(
      "BACKEND_URL is required: the backend's base URL, e.g. http://backend:8000 in the cluster, http://127.0.0.1:8000 on a laptop",
    );
  } else {
    const parsed = URL.canParse(rawBackend.trim()) ? new URL(rawBackend.trim()) : undefined;
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.search || parsed.hash || parsed.username || parsed.password) {
      // Not echoed: a URL given with credentials would put them in the log.
      problems.push('BACKEND_URL must be an http:// or https:// URL without credentials, query or fragment, e.g. http://backend:8000');
    } else backendUrl = rawBackend.trim().replace(/\/+$/, '');
  }

  let trustedProxyHops = 0;
  try {
    trustedProxyHops = trustedProxyHopsFrom(env.TRUSTED_PROXY_HOPS);
  } catch (error) {
    problems.push((error as Error).message);
  }

  const rawFastPath = env.API_FAST_PATH;
  if (isSet(rawFastPath) && rawFastPath !== 'on' && rawFastPath !== 'off') {
    problems.push(`API_FAST_PATH must be "on" (the default) or "off"; got "${rawFastPath}"`);
  }

  if (problems.length > 0) throw new FrontendSettingsError(problems);
  return {
    port,
    hostname: isSet(env.HOSTNAME) ? env.HOSTNAME : '0.0.0.0',
    backendUrl,
    trustedProxyHops,
    apiFastPath: rawFastPath !== 'off',
    keepAliveTimeoutMs,
  };
}
