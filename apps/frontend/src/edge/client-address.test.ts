/** @jest-environment node */
import type { IncomingMessage } from 'node:http';
import {
  canonicalAddress,
  clientAddress,
  forwardedHeadersRewriter,
  normalizeForwardedHeaders,
  trustedProxyHopsFrom,
} from './client-address';

const requestFrom = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
  ({ headers: { ...headers }, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('clientAddress', () => {
  it.each([
    ['no proxy, no header', 0, '203.0.113.7', undefined, '203.0.113.7'],
    ['no proxy, a forged header', 0, '203.0.113.7', '198.51.100.1', '203.0.113.7'],
    ['one proxy (an Ingress) that appended the client', 1, '10.0.0.5', '203.0.113.7', '203.0.113.7'],
    ['one proxy, the client forged entries before it', 1, '10.0.0.5', '198.51.100.1, 198.51.100.2, 203.0.113.7', '203.0.113.7'],
    ['two proxies (CDN + Ingress)', 2, '10.0.0.5', '198.51.100.1, 203.0.113.7, 192.0.2.9', '203.0.113.7'],
    ['one proxy expected but no header (a request around it)', 1, '10.0.0.5', undefined, '10.0.0.5'],
    ['an IPv4 client on a dual-stack socket', 0, '::ffff:203.0.113.7', undefined, '203.0.113.7'],
  ])('when %s, then the address is the one the trusted chain vouches for', (_case, hops, socket, forwardedFor, expected) => {
    const request = requestFrom(socket, forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor });

    expect(clientAddress(request, hops)).toBe(expected);
  });

  it.each([0, 1, 2])(
    'when the client disconnected (no socket address) and TRUSTED_PROXY_HOPS is %i, then there is no client address',
    (hops) => {
      const request = requestFrom(undefined, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7, 192.0.2.9' });

      expect(clientAddress(request, hops)).toBeUndefined();
    },
  );
});

describe('normalizeForwardedHeaders', () => {
  it('when no proxy is trusted, then every forwarding header a client sent is replaced or dropped', () => {
    const request = requestFrom('203.0.113.7', {
      'x-forwarded-for': '198.51.100.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-port': '443',
      forwarded: 'for=198.51.100.1',
      'x-real-ip': '198.51.100.1',
      host: 'todo.example',
    });

    normalizeForwardedHeaders(request, 0);

    expect(request.headers).toEqual({ 'x-forwarded-for': '203.0.113.7', host: 'todo.example' });
  });

  it('when one proxy is trusted, then its scheme and host are kept and X-Forwarded-For holds only the client it saw', () => {
    const request = requestFrom('10.0.0.5', {
      'x-forwarded-for': '198.51.100.1, 203.0.113.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'todo.example',
    });

    normalizeForwardedHeaders(request, 1);

    expect(request.headers).toEqual({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'todo.example' });
  });
});

describe('when the client disconnected before the rewrite (no socket address)', () => {
  const forged = {
    'x-forwarded-for': '198.51.100.1',
    'x-forwarded-proto': 'https',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-port': '443',
    forwarded: 'for=198.51.100.1',
    'x-real-ip': '198.51.100.1',
    host: 'todo.example',
  };

  it.each([0, 1])('when TRUSTED_PROXY_HOPS is %i, then every forwarding header is dropped, as for an untrusted request', (hops) => {
    const request = requestFrom(undefined, forged);

    normalizeForwardedHeaders(request, hops);

    expect(request.headers).toEqual({ host: 'todo.example' });
  });
});

describe('forwardedHeadersRewriter (what the front server runs first on every request)', () => {
  it('when the request is an ordinary one, then its headers are rewritten and nothing is reported', () => {
    const report = jest.fn();
    const request = requestFrom('203.0.113.7', { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https' });

    forwardedHeadersRewriter(0, report)(request);

    expect(request.headers).toEqual({ 'x-forwarded-for': '203.0.113.7' });
    expect(report).not.toHaveBeenCalled();
  });

  it('when the client is gone (no socket address), then it does not throw and the forwarding headers are dropped', () => {
    const report = jest.fn();
    const request = requestFrom(undefined, { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https', host: 'todo.example' });

    expect(() => forwardedHeadersRewriter(1, report)(request)).not.toThrow();
    expect(request.headers).toEqual({ host: 'todo.example' });
  });

  it('when the rewrite fails in any way, then it does not throw, drops the forwarding headers and reports the failure', () => {
    const report = jest.fn();
    // No socket at all: reading the peer address throws inside the rewrite.
    const request = {
      headers: { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-host': 'evil.example', host: 'todo.example' },
    } as unknown as IncomingMessage;
    Object.defineProperty(request, 'socket', {
      get() {
        throw new Error('socket gone');
      },
    });

    expect(() => forwardedHeadersRewriter(0, report)(request)).not.toThrow();
    expect(request.headers).toEqual({ host: 'todo.example' });
    expect(report).toHaveBeenCalledWith(new Error('socket gone'));
  });

  it('when there is no request, then it does not throw', () => {
    const report = jest.fn();

    expect(() => forwardedHeadersRewriter(0, report)(undefined)).not.toThrow();
    expect(report).toHaveBeenCalledTimes(1);
  });
});

describe('trustedProxyHopsFrom', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['1', 1],
    ['2', 2],
  ])('when TRUSTED_PROXY_HOPS is %p, then %i hops are trusted', (value, hops) => {
    expect(trustedProxyHopsFrom(value)).toBe(hops);
  });

  it.each(['-1', '1.5', 'one', '11'])('when TRUSTED_PROXY_HOPS is %p, then the error names the variable and how to set it', (value) => {
    expect(() => trustedProxyHopsFrom(value)).toThrow(
      `TRUSTED_PROXY_HOPS must be a whole number from 0 to 10 (the reverse proxies in front of the frontend that add X-Forwarded-For: 0 for a NodePort with externalTrafficPolicy: Local, 1 behind an Ingress controller); got "${value}"`,
    );
  });
});

describe('canonicalAddress', () => {
  it.each([
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['127.0.0.1', '127.0.0.1'],
    ['2001:db8::1', '2001:db8::1'],
    ['::ffff:abcd', '::ffff:abcd'],
  ])('when the address is %s, then it reads %s', (address, expected) => {
    expect(canonicalAddress(address)).toBe(expected);
  });
});
