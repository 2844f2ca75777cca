import path from 'node:path';
import type { NextConfig } from 'next';
import { COMMON_SECURITY_HEADERS, HSTS_HEADER, HTTPS_FORWARDED_PROTO, NON_PAGE_CONTENT_SECURITY_POLICY } from './src/lib/security-headers';

/** The repository root: traced files and the standalone output are laid out relative to it. */
const repositoryRoot = path.join(__dirname, '..', '..');

const nextConfig: NextConfig = {
  output: 'standalone',
  outputFileTracingRoot: repositoryRoot,
  turbopack: { root: repositoryRoot },
  // The contract package exports TypeScript source.
  transpilePackages: ['@todo/contracts'],
  poweredByHeader: false,
  reactStrictMode: true,
  /** Security headers of every response; pages get their nonce CSP from src/proxy.ts instead. */
  headers() {
    const nonPagePolicy = [{ key: 'Content-Security-Policy', value: NON_PAGE_CONTENT_SECURITY_POLICY }];
    return Promise.resolve([
      { source: '/:path*', headers: [...COMMON_SECURITY_HEADERS] },
      // x-forwarded-proto is the socket's scheme unless a trusted proxy set it (src/edge/client-address.ts).
      // The value is a regex Next.js matches against the whole header: the rule isHttps (the page CSP's
      // upgrade-insecure-requests) uses too, so "https, http" gets both.
      { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: HTTPS_FORWARDED_PROTO }], headers: [HSTS_HEADER] },
      { source: '/api/:path*', headers: nonPagePolicy },
      { source: '/_next/static/:path*', headers: nonPagePolicy },
      { source: '/_next/image', headers: nonPagePolicy },
    ]);
  },
};

export default nextConfig;
