/** @jest-environment node */
import { contentSecurityPolicy, isHttps, newNonce } from './security-headers';

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
    const scripts = contentSecurityPolicy({ nonce: 'n', dev, https }).split('; ').find((directive) => directive.startsWith('script-src'));

    expect(scripts).not.toContain('unsafe-inline');
  });
});

describe('isHttps', () => {
  it.each([
    ['https', true],
    ['https, http', true],
    ['http', false],
    [null, false],
  ])('when x-forwarded-proto is %p, then %p', (value, expected) => {
    expect(isHttps(value)).toBe(expected);
  });
});

describe('newNonce', () => {
  it('when two nonces are made, then each is 128 bits of base64 and they differ', () => {
    const [first, second] = [newNonce(), newNonce()];

    expect(first).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(second).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first).not.toBe(second);
  });
});
