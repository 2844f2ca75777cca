import path from 'node:path';
import type { NextConfig } from 'next';

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
};

export default nextConfig;
