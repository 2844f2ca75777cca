/**
 * What a given image reference (`ghcr.io/acme/todo/backend:1.4.0`,
 * `ghcr.io/acme/todo/backend@sha256:<64 hex>`, or both) deploys as: the tag that names the
 * migration Job (`backend-migrate-<tag>`) and labels the pods (`app.kubernetes.io/version`).
 */
export interface ImageReference {
  /** The reference as given: what the containers run. */
  ref: string;
  /** Its tag, or the first 12 hex digits of its digest (see `referenceTag`). */
  tag: string;
}

/** A tag that can end a Kubernetes object name (`backend-migrate-<tag>`, 63 at most) and be a label value. */
const NAME_SAFE_TAG = /^[a-z0-9]([a-z0-9.-]{0,38}[a-z0-9])?$/;
const DIGEST = /^sha256:([0-9a-f]{64})$/;

/**
 * The tag a reference deploys under: its own tag when it has one that can be part of a Kubernetes
 * name, otherwise the first 12 hex digits of its digest (the same length as a content tag). A
 * reference with neither, or tagged `latest`, is refused: it names no fixed image.
 */
export function parseImageReference(ref: string): ImageReference {
  const at = ref.indexOf('@');
  const name = at === -1 ? ref : ref.slice(0, at);
  const digest = at === -1 ? undefined : ref.slice(at + 1);
  const digestHex = digest === undefined ? undefined : DIGEST.exec(digest)?.[1];
  if (digest !== undefined && !digestHex) {
    throw new Error(`image reference "${ref}": the digest must be sha256:<64 lowercase hex digits>`);
  }
  // A registry port (`localhost:5000/todo`) comes before the last `/`; a tag only after it.
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  const tag = colon === -1 ? undefined : lastPart.slice(colon + 1);
  if (name === '' || lastPart === '' || colon === 0) throw new Error(`image reference "${ref}" names no image repository`);
  if (tag === 'latest') throw new Error(`image reference "${ref}": \`latest\` names no fixed image; use an immutable tag or a digest`);
  if (tag !== undefined && NAME_SAFE_TAG.test(tag)) return { ref, tag };
  if (digestHex) return { ref, tag: digestHex.slice(0, 12) };
  throw new Error(
    tag === undefined
      ? `image reference "${ref}" has neither a tag nor a digest: add :<tag> or @sha256:<digest>`
      : `image reference "${ref}": the tag "${tag}" cannot name the migration Job (lowercase letters, digits, '.', '-', at most 40); add @sha256:<digest> or retag`,
  );
}
