import dockerignore from '@balena/dockerignore';

/**
 * `.dockerignore` matching with Docker's rules, by `@balena/dockerignore` (a port of Docker's own
 * matcher: patterns relative to the context root, `*`/`?` inside one segment, `**` across
 * segments, `!` re-includes, the last matching rule wins, a matched directory excludes everything
 * below it). The Docker provider hashes its context with Docker's Go matcher itself
 * (moby/buildkit's `dockerignore.ReadAll` + fsutil/patternmatcher: pulumi/pulumi-docker
 * provider/provider.go `hashContext`), so the content tag and the build see the same files.
 */
export interface IgnoreRules {
  matcher: ReturnType<typeof dockerignore>;
  /** True when some rule re-includes (`!pattern`): then no ignored directory may be skipped whole. */
  hasNegation: boolean;
}

export function parseDockerignore(text: string): IgnoreRules {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  return { matcher: dockerignore().add(lines), hasNegation: lines.some((line) => line.startsWith('!')) };
}

/** True when `path` (relative to the context, `/`-separated) is left out of the build context. */
export function isIgnored(rules: IgnoreRules, path: string): boolean {
  return rules.matcher.ignores(path);
}

/**
 * True when nothing below `dir` can be part of the context: the directory is ignored and no
 * negation rule could bring a file under it back. Lets the walker skip node_modules and friends.
 */
export function canPrune(rules: IgnoreRules, dir: string): boolean {
  return isIgnored(rules, dir) && !rules.hasNegation;
}
