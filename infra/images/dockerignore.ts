/**
 * A `.dockerignore` matcher with Docker's semantics (moby/patternmatcher): patterns are relative to the
 * build context root, `*` and `?` stay inside one path segment, `**` spans any number of segments,
 * `!pattern` re-includes, the last matching pattern wins, and a pattern that matches a directory
 * excludes everything below it.
 */
export interface IgnoreRule {
  negate: boolean;
  regex: RegExp;
  source: string;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    const pattern = cleanPattern(negate ? line.slice(1).trim() : line);
    if (pattern === '') continue;
    rules.push({ negate, regex: patternToRegex(pattern), source: line });
  }
  return rules;
}

function cleanPattern(pattern: string): string {
  let p = pattern.replace(/\\/g, '/');
  while (p.startsWith('/')) p = p.slice(1);
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/\/+/g, '/').replace(/\/$/, '');
  return p === '.' ? '' : p;
}

function patternToRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?'; // `**/` matches zero or more directories
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) {
        out += '\\[';
      } else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else {
      out += ch.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}

/** The path itself and each parent directory, shortest first: `a/b/c` → `a`, `a/b`, `a/b/c`. */
function selfAndParents(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** True when `path` (relative to the context, `/`-separated) is left out of the build context. */
export function isIgnored(rules: readonly IgnoreRule[], path: string): boolean {
  const candidates = selfAndParents(path);
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((candidate) => rule.regex.test(candidate))) ignored = !rule.negate;
  }
  return ignored;
}

/**
 * True when nothing below `dir` can be part of the context: the directory is ignored and no
 * negation rule could bring a file under it back. Lets the walker skip node_modules and friends.
 */
export function canPrune(rules: readonly IgnoreRule[], dir: string): boolean {
  return isIgnored(rules, dir) && !rules.some((rule) => rule.negate);
}
