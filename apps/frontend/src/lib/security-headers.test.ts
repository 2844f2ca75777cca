/** @jest-environment node */
import type { IncomingMessage } from 'node:http';
import { matchHas } from 'next/dist/shared/lib/router/utils/prepare-destination';
import nextConfig from '../../next.config';
import { contentSecurityPolicy, HSTS_HEADER, isHttps, newNonce } from './security-headers';

describe('contentSecurityPolicy', () => {
  it('when built for production over http, then scripts and styles need the nonce and nothing frames, embeds or reaches elsewhere', () => {
    expect(contentSecurityPolicy({ nonce: 'abc123==', dev: false, https: false })).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc123==' 'strict-dynamic'; style-src 'self' 'nonce-abc123=='; " +
        "img-src 'self' blob: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'",
    );
  });

  it('when served over https, then subresources are upgraded too', () => {
    expect(contentSecurityPolicy({ nonce: 'n', dev: false, https: true })).toMatch(/; upgrade-insecure-requests$/);
  });

  it("when built for next dev, then eval is allowed for React's debugging but scripts still never run inline without the nonce", () => {
    const policy = contentSecurityPolicy({ nonce: 'n', dev: true, https: false });

    expect(policy).toContain("script-src 'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval';");
    expect(policy).toContain("style-src 'self' 'unsafe-inline';");
  });

  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('when dev is %p and https %p, then no script source is unsafe-inline', (dev, https) => {
    const scripts = contentSecurityPolicy({ nonce: 'n', dev, https })
      .split('; ')
      .find((directive) => directive.startsWith('script-src'));

    expect(scripts).not.toContain('unsafe-inline');
  });
});

describe('isHttps', () => {
  it.each([
    ['https', true],
    ['https, http', true],
    ['http', false],
    [null, false],
    [' https ,http', true],
    ['http, https', false],
    ['https2', false],
    ['HTTPS', false],
    ['', false],
  ])('when x-forwarded-proto is %p, then %p', (value, expected) => {
    expect(isHttps(value)).toBe(expected);
  });
});

describe('HSTS (next.config.ts) and upgrade-insecure-requests (isHttps)', () => {
  /** Whether next.config.ts sends HSTS for this X-Forwarded-Proto, decided by Next.js's own `has` matcher. */
  async function sendsHsts(forwardedProto: string | null): Promise<boolean> {
    const rules = await nextConfig.headers!();
    const hstsRules = rules.filter((rule) => rule.headers.some((header) => header.key === HSTS_HEADER.key));
    const request = { headers: forwardedProto === null ? {} : { 'x-forwarded-proto': forwardedProto } } as IncomingMessage;
    expect(hstsRules.map((rule) => rule.source)).toEqual(['/:path*']);
    return hstsRules.some((rule) => matchHas(request, {}, rule.has, rule.missing) !== false);
  }

  it('when a proxy chain sends "https, http", then HSTS is sent as the page CSP upgrades requests', async () => {
    expect(isHttps('https, http')).toBe(true);
    await expect(sendsHsts('https, http')).resolves.toBe(true);
  });

  it.each(['https', 'https, http', ' https ,http', 'https,https', 'http', 'http, https', 'https2', 'HTTPS', '', null])(
    'when x-forwarded-proto is %p, then both follow the same rule',
    async (value) => {
      await expect(sendsHsts(value)).resolves.toBe(isHttps(value));
    },
  );
});

describe('newNonce', () => {
  it('when two nonces are made, then each is 128 bits of base64 and they differ', () => {
    const [first, second] = [newNonce(), newNonce()];

    expect(first).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first).not.toBe(second);
  });
});
