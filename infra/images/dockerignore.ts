import dockerignore from '@balena/dockerignore';

/**
 * `.dockerignore` matching with Docker's rules, by `@balena/dockerignore` (a port of Docker's own
 * matcher: patterns relative to the context root, `*`/`?` inside one segment, `**` across
 * segments, `!` re-includes, the last matching rule wins, a matched directory excludes everything
 * below it; case-sensitive, as Docker is on Linux). The Docker provider hashes its context with
 * Docker's Go matcher itself (moby/buildkit's `dockerignore.ReadAll` + fsutil/patternmatcher:
 * pulumi/pulumi-docker provider/provider.go `hashContext`), so the content tag and the build see the
 * same files.
 */
export interface IgnoreRules {
  matcher: ReturnType<typeof dockerignore>;
  /** Each rule on its own, in file order: what `canPrune` needs to know which rule decided a directory. */
  rules: readonly IgnoreRule[];
}

export interface IgnoreRule {
  /** The pattern without its `!`, as Docker cleans it (no leading `/` or `./`). */
  pattern: string;
  /** A `!pattern` rule: it re-includes what it matches. */
  negated: boolean;
  /** True when the pattern matches `path` or one of its parent directories. */
  matches: (path: string) => boolean;
}

/** The rule lines of an ignore file: comments and blank lines dropped, each line trimmed. */
export function ignoreLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function parseDockerignore(text: string): IgnoreRules {
  const lines = ignoreLines(text);
  const rules = lines.map((line): IgnoreRule => {
    const negated = line.startsWith('!');
    const pattern = cleanPattern(negated ? line.slice(1) : line);
    const single = dockerignore({ ignorecase: false }).add([pattern]);
    return { pattern, negated, matches: (path) => single.ignores(path) };
  });
  return { matcher: dockerignore({ ignorecase: false }).add(lines), rules };
}

/** True when `path` (relative to the context, `/`-separated) is left out of the build context. */
export function isIgnored(rules: IgnoreRules, path: string): boolean {
  return rules.matcher.ignores(path);
}

/**
 * True when nothing below `dir` can be part of the context, so a walker may skip it (node_modules,
 * .next, and with an allow-list every folder no `!` rule reaches). The last rule matching `dir` (or
 * a parent) decided it, and matches everything below it too; so only a later `!` rule that can name
 * a path below `dir` could bring a file back.
 */
export function canPrune(rules: IgnoreRules, dir: string): boolean {
  if (!isIgnored(rules, dir)) return false;
  let decidedBy = -1;
  rules.rules.forEach((rule, index) => {
    if (rule.matches(dir)) decidedBy = index;
  });
  return !rules.rules.slice(decidedBy + 1).some((rule) => rule.negated && mayMatchBelow(rule.pattern, dir));
}

/**
 * True when `pattern` can match `dir`, a parent of it, or a path below it (conservative: any `**`
 * can). Used to keep an ignore rule only where it can matter, and to know when a walk may prune.
 */
export function mayMatchBelow(pattern: string, dir: string): boolean {
  const patternParts = cleanPattern(pattern).split('/');
  const dirParts = dir.split('/');
  for (let i = 0; i < patternParts.length; i++) {
    const part = patternParts[i] as string;
    if (part.includes('**')) return true;
    if (i >= dirParts.length) return true;
    if (!segmentRegExp(part).test(dirParts[i] as string)) return false;
  }
  return true;
}

/** Docker's clean-up of a pattern (moby/patternmatcher `ignorefile.ReadAll`): no leading `/` or `./`. */
function cleanPattern(pattern: string): string {
  let p = pattern.trim();
  while (p.startsWith('./')) p = p.slice(2);
  if (p.length > 1) p = p.replace(/^\/+/, '');
  return p.replace(/\/+$/, '');
}

/** One path segment of a pattern (`*`, `?`, `[...]`, `\` escapes) as an anchored regular expression. */
function segmentRegExp(segment: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i] as string;
    const classEnd = ch === '[' ? segment.indexOf(']', i + 1) : -1;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (classEnd !== -1) {
      source += `[${segment.slice(i + 1, classEnd)}]`;
      i = classEnd;
    } else if (ch === '\\' && i + 1 < segment.length) source += escape(segment[++i] as string);
    else source += escape(ch);
  }
  return new RegExp(`^${source}$`);
}
