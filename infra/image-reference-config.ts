import { parseImageReference } from './images/reference';

/**
 * The `backendImage` / `frontendImage` settings: images built elsewhere (CI, or the cluster suite's
 * own Docker engine) that the stack deploys as they are instead of building. The keys themselves
 * are parsed in `config.ts` with the rest.
 */

/** The distribution reference grammar (github.com/distribution/reference `regexp.go`), simplified. */
const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const host = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${host}(?:\\.${host})*(?::[0-9]+)?`;
const REFERENCE = new RegExp(`^(?:${domain}/)?${component}(?:/${component})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);

/**
 * What is wrong with `value` as an image to deploy, or undefined: it must read
 * `name[:tag][@sha256:<64 hex>]`, and name one fixed image the way AppImage deploys it (not
 * `latest`, not untagged without a digest: `parseImageReference`).
 */
export function imageReferenceProblem(value: string): string | undefined {
  if (!REFERENCE.test(value)) {
    return 'must be an image reference name[:tag][@sha256:<64 hex digits>], such as "registry.example/todo/backend:<tag>@sha256:<digest>"';
  }
  try {
    parseImageReference(value);
    return undefined;
  } catch (error) {
    return `must name one fixed image: ${(error as Error).message}`;
  }
}

/** The parsed keys this module reads. */
export interface ImageReferenceKeys {
  backendImage?: string;
  frontendImage?: string;
}

/** Both references must be set, or neither: one image built here and one from elsewhere is not a release. */
export function imageReferencesProblems(c: ImageReferenceKeys, name: (key: string) => string, fix: (key: string) => string): string[] {
  if ((c.backendImage === undefined) === (c.frontendImage === undefined)) return [];
  const [set, missing] = c.backendImage === undefined ? ['frontendImage', 'backendImage'] : ['backendImage', 'frontendImage'];
  return [
    `${name('backendImage')} and ${name('frontendImage')} deploy images built elsewhere and go together, but only ${set} is set; ` +
      `fix: ${fix(missing)} (or pulumi config rm ${set} to build both here)`,
  ];
}

/** The images to deploy instead of building, or undefined (build both). Call after the problems are none. */
export function imageReferences(c: ImageReferenceKeys): { backend: string; frontend: string } | undefined {
  return c.backendImage !== undefined && c.frontendImage !== undefined ? { backend: c.backendImage, frontend: c.frontendImage } : undefined;
}
