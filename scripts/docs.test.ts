import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The docs' own checks, over README.md and docs/*.md: every relative link reaches a file and every
 * `#anchor` a heading of its target (GitHub's slugs); every npm script they name exists in the
 * package it names, and is run by CI (`.ci/run`) or by a test, or is listed below with the reason.
 * No markdown library is installed, so a small reader: it knows fenced code blocks and code spans,
 * which is all these files need (a setext heading or a reference link would not be seen).
 */
const root = path.resolve(__dirname, '..');
const docFiles = [
  'README.md',
  ...fs
    .readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

interface Line {
  file: string;
  number: number;
  text: string;
  /** Inside a fenced code block (the fences included): commands, never links or headings. */
  inCode: boolean;
}

function readLines(file: string): Line[] {
  return parseLines(file, fs.readFileSync(path.join(root, file), 'utf8'));
}

function parseLines(file: string, content: string): Line[] {
  const lines: Line[] = [];
  let fence: { char: string; length: number } | undefined;
  content.split('\n').forEach((text, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    const closes =
      marker !== undefined &&
      fence !== undefined &&
      marker[0] === fence.char &&
      marker.length >= fence.length &&
      /^ {0,3}[`~]+\s*$/.test(text);
    lines.push({ file, number: index + 1, text, inCode: fence !== undefined || marker !== undefined });
    if (closes) fence = undefined;
    else if (marker !== undefined && fence === undefined) fence = { char: marker[0] ?? '`', length: marker.length };
  });
  return lines;
}

/** The line with its code spans blanked: a `[x](y)` or `#` inside backticks is text, not markup. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));
}

/**
 * GitHub's anchor for a heading (github-slugger): the rendered text lowercased, every character that
 * is not a letter, mark, number, connector (`_`), hyphen or space dropped, spaces turned to hyphens.
 */
function slug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim();
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a file offers: its headings' slugs, repeats numbered -1, -2 as GitHub does. */
function anchorsOf(lines: Line[]): Set<string> {
  const anchors = new Set<string>();
  const repeats = new Map<string, number>();
  for (const line of lines.filter((l) => !l.inCode)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line.text)?.[1];
    if (heading === undefined) continue;
    const base = slug(heading);
    let anchor = base;
    while (anchors.has(anchor)) {
      const n = (repeats.get(base) ?? 0) + 1;
      repeats.set(base, n);
      anchor = `${base}-${n}`;
    }
    anchors.add(anchor);
  }
  return anchors;
}

interface Link {
  line: Line;
  target: string;
}

/** Inline links and images `[text](target "title")`, and HTML `href`/`src`, outside code. */
function linksOf(lines: Line[]): Link[] {
  return lines
    .filter((line) => !line.inCode)
    .flatMap((line) => {
      const text = withoutCodeSpans(line.text);
      const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '');
      const html = [...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? '');
      return [...inline, ...html].map((target) => ({ line, target }));
    });
}

const anchorCache = new Map<string, Set<string>>();
function anchorsOfFile(file: string): Set<string> {
  let anchors = anchorCache.get(file);
  if (anchors === undefined) {
    anchors = anchorsOf(readLines(file));
    anchorCache.set(file, anchors);
  }
  return anchors;
}

/** Why a link does not lead anywhere, or undefined when it does. External URLs are not fetched. */
function brokenLink({ line, target }: Link): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const [pathPart = '', anchor] = target.split('#', 2);
  const file =
    pathPart === '' ? line.file : path.posix.normalize(path.posix.join(path.posix.dirname(line.file), decodeURIComponent(pathPart)));
  if (file.startsWith('..') || !fs.existsSync(path.join(root, file))) return `${target}: no file ${file}`;
  if (anchor === undefined) return undefined;
  if (!file.endsWith('.md')) return `${target}: an anchor into ${file}, which is not markdown`;
  return anchorsOfFile(file).has(decodeURIComponent(anchor)) ? undefined : `${target}: no heading in ${file} has the anchor #${anchor}`;
}

interface ScriptCall {
  script: string;
  /** The `-w`/`--workspace` value as written; undefined for the root package. */
  workspace?: string;
  /** `--workspaces`: the script of every workspace that has one. */
  everyWorkspace?: boolean;
}

/**
 * The npm scripts a piece of shell or prose invokes: `npm run <script>` (options before the name
 * allowed), `npm test`, `npm start`, each with `-w <ws>` / `--workspace <ws>` / `--workspaces`
 * read up to the end of the command or the `--` that starts the script's own arguments.
 */
function scriptCalls(text: string): ScriptCall[] {
  const calls: ScriptCall[] = [];
  for (const m of text.matchAll(/\bnpm\s+(?:run(?:-script)?\s+((?:--?[\w-]+\s+)*)([\w:.-]+)|(test|start|t)(?![\w-]))([^`;|&#)\\\n]*)/g)) {
    const script = m[2] ?? (m[3] === 't' ? 'test' : (m[3] ?? ''));
    const options = `${m[1] ?? ''} ${(m[4] ?? '').split(/\s--(?:\s|$)/)[0] ?? ''}`;
    const workspace = /(?:^|\s)(?:-w|--workspace)(?:\s+|=)(\S+)/.exec(options)?.[1];
    calls.push({
      script,
      ...(workspace === undefined ? {} : { workspace }),
      ...(/(?:^|\s)--workspaces\b/.test(options) ? { everyWorkspace: true } : {}),
    });
  }
  return calls;
}

interface Package {
  name: string;
  folder: string;
  scripts: Record<string, string>;
}

function readPackage(folder: string): Package {
  const json = JSON.parse(fs.readFileSync(path.join(root, folder, 'package.json'), 'utf8')) as {
    name: string;
    scripts?: Record<string, string>;
  };
  return { name: json.name, folder, scripts: json.scripts ?? {} };
}

const rootPackage = readPackage('.');
const workspaces = ['apps', 'packages'].flatMap((dir) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => fs.existsSync(path.join(root, dir, f, 'package.json')))
    .map((f) => readPackage(`${dir}/${f}`)),
);

/** The package a call runs in: the root, or the workspace `-w` names by package name or folder. */
function packageOf(call: ScriptCall): Package | undefined {
  const named = call.workspace;
  if (named === undefined) return rootPackage;
  return workspaces.find((w) => w.name === named || w.folder === named.replace(/\/$/, ''));
}

/** `script` of the root, `@todo/backend:script` of a workspace: the names the lists below use. */
function scriptKey(pkg: Package, script: string): string {
  return pkg === rootPackage ? script : `${pkg.name}:${script}`;
}

/** Every package.json script a call runs: the script, its pre/post hooks, and what their bodies run. */
function runClosure(call: ScriptCall, into: Set<string>): void {
  const packages = call.everyWorkspace ? workspaces : [packageOf(call)];
  for (const pkg of packages) {
    if (pkg === undefined) continue;
    for (const script of [`pre${call.script}`, call.script, `post${call.script}`]) {
      const body = pkg.scripts[script];
      const key = scriptKey(pkg, script);
      if (body === undefined || into.has(key)) continue;
      into.add(key);
      for (const inner of scriptCalls(body))
        runClosure(pkg === rootPackage || inner.workspace !== undefined ? inner : { ...inner, workspace: pkg.name }, into);
    }
  }
}

/**
 * The scripts `.ci/run` runs: the npm commands it (and each `bash .ci/*.sh` it calls) runs as
 * commands, not the ones its comments or step titles mention, closed over package.json.
 */
function scriptsRunByCi(): Set<string> {
  const run = new Set<string>();
  const visit = (file: string): void => {
    for (const line of fs.readFileSync(path.join(root, file), 'utf8').split('\n')) {
      if (/^\s*#/.test(line)) continue;
      for (const segment of line.split(/&&|\|\||;|\|/)) {
        const command = segment.trim().replace(/^(?:\w+=(?:"[^"]*"|'[^']*'|\S*)\s+)*/, '');
        const called = /^bash\s+(\.ci\/[\w.-]+\.sh)\b/.exec(command)?.[1];
        if (called !== undefined) visit(called);
        else if (command.startsWith('npm ')) for (const call of scriptCalls(command)) runClosure(call, run);
      }
    }
  };
  visit('.ci/run');
  return run;
}

/**
 * Scripts the docs name that `.ci/run` does not run, each with a test file that runs the script
 * itself (checked below to still name it) and how. Keys as scriptKey writes them.
 */
const runByATest: Record<string, { file: string; how: string }> = {
  deploy: {
    file: 'infra/cluster/steps.ts',
    how: 'the cluster suite (npm run test:cluster, in .ci/run) runs npm run deploy -- --yes --no-smoke against a kwok cluster; infra/deploy/wrapper.test.ts (npm test) runs it against a fake pulumi and minikube',
  },
  refresh: {
    file: 'infra/cluster/steps.ts',
    how: 'the cluster suite runs npm run refresh -- --expect-no-changes, then again to catch drift',
  },
  destroy: {
    file: 'infra/cluster/steps.ts',
    how: 'the cluster suite runs npm run destroy -- --yes and checks nothing of the stack is left',
  },
  preview: {
    file: 'infra/deploy/wrapper.test.ts',
    how: 'npm test runs npm run preview end to end against a fake pulumi; the real CLI previews in .github/workflows/shared-stack.yml and cluster.yml only, which never run here',
  },
  smoke: {
    file: 'infra/smoke/smoke.e2e.ts',
    how: 'npm run test:e2e (.ci/e2e.sh) runs npm run smoke against the built apps on loopback; the container suite runs it against compose.yaml',
  },
};

/**
 * Scripts the docs name that neither `.ci/run` nor a test runs by that name, and why. Each is a gap
 * in "every documented command is run": shrink this list, never grow it without a reason this good.
 */
const notRunHere: Record<string, string> = {
  dev: 'watch-mode servers that run until Ctrl+C; no test starts them (scripts/dev.mjs)',
  '@todo/backend:start': 'the bench, the drills and the browser suite start its body (node on the built bundle) directly',
};

interface Named {
  line: Line;
  call: ScriptCall;
}

function scriptsNamedInDocs(): Named[] {
  return docFiles.flatMap((file) => readLines(file).flatMap((line) => scriptCalls(line.text).map((call) => ({ line, call }))));
}

function where(line: Line): string {
  return `${line.file}:${line.number}`;
}

describe('slug', () => {
  it.each([
    ['Deploy (Pulumi → Kubernetes)', 'deploy-pulumi--kubernetes'],
    ['The cluster suite (`npm run test:cluster`)', 'the-cluster-suite-npm-run-testcluster'],
    ["The BFF's fast path", 'the-bffs-fast-path'],
    ['`npm run deploy | preview | refresh | destroy`', 'npm-run-deploy--preview--refresh--destroy'],
    ['Minikube, step by step', 'minikube-step-by-step'],
    ['See [the docs](docs/a.md) now', 'see-the-docs-now'],
    ['snake_case and Größe', 'snake_case-and-größe'],
  ])('when the heading is %j, then the anchor is %j', (heading, anchor) => {
    expect(slug(heading)).toBe(anchor);
  });

  it('when two headings read the same, then the second anchor ends in -1, and a fenced block hides its headings', () => {
    const lines = parseLines('x.md', ['# A', '## Tests', '````md', '## not a heading', '```', '````', '## Tests #'].join('\n'));
    expect([...anchorsOf(lines)]).toEqual(['a', 'tests', 'tests-1']);
  });
});

describe('scriptCalls', () => {
  it.each<[string, ScriptCall[]]>([
    ['`npm run deploy -- --yes --no-smoke`', [{ script: 'deploy' }]],
    [
      'npm run build -w @todo/backend && npm run build -w @todo/frontend',
      [
        { script: 'build', workspace: '@todo/backend' },
        { script: 'build', workspace: '@todo/frontend' },
      ],
    ],
    ['npm run --silent render -- --diff "$BASE_SHA"', [{ script: 'render' }]],
    ['`npm test -- --selectProjects backend -w x`', [{ script: 'test' }]],
    ['`npm start --workspace=apps/backend`', [{ script: 'start', workspace: 'apps/backend' }]],
    ['`npm run deploy\\|preview` and npm ci, npm ≥ 10', [{ script: 'deploy' }]],
    ['smoke 11 s with npm start-up, npm tests', []],
    ['npm run build --workspaces --if-present', [{ script: 'build', everyWorkspace: true }]],
  ])('when reading %j, then the calls are %j', (text, calls) => {
    expect(scriptCalls(text)).toEqual(calls);
  });
});

describe('README.md and docs/*.md', () => {
  const named = scriptsNamedInDocs();

  it('when README.md is read, then it stays a front door of at most 250 lines (the rest belongs in docs/)', () => {
    const lines = fs.readFileSync(path.join(root, 'README.md'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(250);
  });

  it('when every relative link is followed, then its file exists and its anchor is a heading there', () => {
    const broken = docFiles.flatMap((file) =>
      linksOf(readLines(file)).flatMap((link) => {
        const why = brokenLink(link);
        return why === undefined ? [] : [`${where(link.line)}: ${why}`];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('when every npm script they name is looked up, then the package.json it names has it', () => {
    const missing = named.flatMap(({ line, call }) => {
      const pkg = packageOf(call);
      if (pkg === undefined) return [`${where(line)}: npm run ${call.script} -w ${call.workspace}: no workspace ${call.workspace}`];
      return call.script in pkg.scripts
        ? []
        : [`${where(line)}: npm run ${call.script}: ${path.posix.join(pkg.folder, 'package.json')} has no script "${call.script}"`];
    });
    expect(missing).toEqual([]);
  });

  it('when every npm script they name is looked up, then .ci/run or a test runs it, or notRunHere says why not', () => {
    const ci = scriptsRunByCi();
    const unrun = named.flatMap(({ line, call }) => {
      const pkg = packageOf(call);
      if (pkg === undefined) return []; // the test above names it
      const key = scriptKey(pkg, call.script);
      if (ci.has(key) || key in runByATest || key in notRunHere) return [];
      return [
        `${where(line)}: npm script "${key}" is run neither by .ci/run nor by a test: run it in one, or list it in runByATest or notRunHere (scripts/docs.test.ts)`,
      ];
    });
    expect(unrun).toEqual([]);
  });

  it('when the exception lists are read, then each entry is named by a doc, not run by .ci/run, and its test still runs the script', () => {
    const ci = scriptsRunByCi();
    const namedKeys = new Set(
      named.flatMap(({ call }) => {
        const pkg = packageOf(call);
        return pkg === undefined ? [] : [scriptKey(pkg, call.script)];
      }),
    );
    const stale = [...Object.keys(runByATest), ...Object.keys(notRunHere)].flatMap((key) => [
      ...(namedKeys.has(key) ? [] : [`${key}: no doc names it any more; drop it from the list`]),
      ...(ci.has(key) ? [`${key}: .ci/run runs it now; drop it from the list`] : []),
    ]);
    const lost = Object.entries(runByATest).flatMap(([key, { file }]) => {
      if (!fs.existsSync(path.join(root, file))) return [`${key}: ${file} does not exist`];
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      return text.includes(`'${key}'`) || text.includes(`npm run ${key}`) ? [] : [`${key}: ${file} no longer runs it`];
    });
    // The reasons name files (the test that covers a script, the code it runs): each must still exist.
    const reasons = [...Object.entries(runByATest).map(([key, { how }]) => [key, how]), ...Object.entries(notRunHere)];
    const missingFiles = reasons.flatMap(([key = '', reason = '']) =>
      [...reason.matchAll(/[\w.-]+(?:\/[\w.-]+)+\.(?:ts|mjs|js|cjs|sh|yml|json|md)\b/g)]
        .map((m) => m[0])
        .filter((file) => !fs.existsSync(path.join(root, file)))
        .map((file) => `${key}: its reason names ${file}, which does not exist`),
    );
    expect([...stale, ...lost, ...missingFiles]).toEqual([]);
  });
});
