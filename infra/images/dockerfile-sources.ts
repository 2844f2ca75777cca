/**
 * The build-context paths a Dockerfile reads: the sources of every `COPY`/`ADD` that copies from
 * the context (not `--from=<stage>`). Together with the Dockerfile and the `.dockerignore`, these are
 * exactly the files an image is built from, so they are what its content tag hashes.
 */
export function dockerfileSources(dockerfile: string): string[] {
  const joined = dockerfile.replace(/\\\r?\n/g, ' ');
  const sources = new Set<string>();
  for (const rawLine of joined.split(/\r?\n/)) {
    const line = rawLine.trim();
    const match = /^(COPY|ADD)\s+(.*)$/i.exec(line);
    if (!match) continue;
    const args = splitArgs(match[2] as string);
    const flags = args.filter((a) => a.startsWith('--'));
    if (flags.some((f) => /^--from=/i.test(f))) continue;
    const paths = args.filter((a) => !a.startsWith('--'));
    for (const source of paths.slice(0, -1)) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) continue; // ADD <url>: not from the context
      sources.add(normalise(source));
    }
  }
  return [...sources].sort();
}

function splitArgs(rest: string): string[] {
  const trimmed = rest.trim();
  if (trimmed.startsWith('[')) {
    // exec form: COPY ["src", "dest"] (flags, if any, come before the bracket)
    return JSON.parse(trimmed) as string[];
  }
  const flagsThenJson = /^((?:--\S+\s+)+)(\[.*\])$/.exec(trimmed);
  if (flagsThenJson) {
    return [...(flagsThenJson[1] as string).trim().split(/\s+/), ...(JSON.parse(flagsThenJson[2] as string) as string[])];
  }
  return trimmed.split(/\s+/).filter(Boolean);
}

function normalise(source: string): string {
  let s = source.replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  s = s.replace(/^\/+/, '').replace(/\/+$/, '');
  return s === '' ? '.' : s;
}
