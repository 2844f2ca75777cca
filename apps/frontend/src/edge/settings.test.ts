/** @jest-environment node */
import { FrontendSettingsError, loadFrontendSettings } from './settings';

const valid = { BACKEND_URL: 'http://backend:8000/' };

describe('loadFrontendSettings', () => {
  it('when only BACKEND_URL is set, then every default applies and the URL loses its trailing slash', () => {
    expect(loadFrontendSettings(valid)).toEqual({
      port: 3000,
      hostname: '0.0.0.0',
      backendUrl: 'http://backend:8000',
      trustedProxyHops: 0,
      apiFastPath: true,
      keepAliveTimeoutMs: undefined,
    });
  });

  it('when every variable is set, then each is read', () => {
    expect(
      loadFrontendSettings({
        ...valid,
        PORT: '8080',
        HOSTNAME: '127.0.0.1',
        TRUSTED_PROXY_HOPS: '1',
        API_FAST_PATH: 'off',
        KEEP_ALIVE_TIMEOUT: '65000',
      }),
    ).toEqual({
      port: 8080,
      hostname: '127.0.0.1',
      backendUrl: 'http://backend:8000',
      trustedProxyHops: 1,
      apiFastPath: false,
      keepAliveTimeoutMs: 65000,
    });
  });

  it('when BACKEND_URL is missing, then it says so instead of falling back to localhost', () => {
    expect(() => loadFrontendSettings({})).toThrow(
      "BACKEND_URL is required: the backend's base URL, e.g. http://backend:8000 in the cluster, http://127.0.0.1:8000 on a laptop",
    );
  });

  it('when several variables are wrong, then every one is named with what it must be', () => {
    let error: unknown;
    try {
      loadFrontendSettings({
        BACKEND_URL: 'backend:8000',
        PORT: 'eighty',
        TRUSTED_PROXY_HOPS: '-1',
        API_FAST_PATH: 'yes',
        KEEP_ALIVE_TIMEOUT: '1.5',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(FrontendSettingsError);
    expect((error as FrontendSettingsError).problems).toEqual([
      'PORT must be a whole number from 1 to 65535; got "eighty"',
      'KEEP_ALIVE_TIMEOUT must be a whole number from 0 to 3600000; got "1.5"',
      'BACKEND_URL must be an http:// or https:// URL without credentials, query or fragment, e.g. http://backend:8000',
      expect.stringContaining('TRUSTED_PROXY_HOPS must be a whole number from 0 to 10'),
      'API_FAST_PATH must be "on" (the default) or "off"; got "yes"',
    ]);
    expect((error as Error).message).toMatch(/^The frontend cannot start; fix these environment variables:\n {2}- PORT/);
  });

  it.each(['ftp://backend', 'http://user:secret@backend:8000', 'http://backend:8000/?x=1'])(
    'when BACKEND_URL is %s, then it is refused without echoing it',
    (url) => {
      expect(() => loadFrontendSettings({ BACKEND_URL: url })).toThrow(FrontendSettingsError);
      expect(() => loadFrontendSettings({ BACKEND_URL: url })).not.toThrow(/secret/);
    },
  );
});
