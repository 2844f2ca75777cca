// Used by both Dockerfiles' `manifests` stage: copies every workspace package.json, keeping only
// the fields `npm ci` reads, plus the lock file, into the output folder. Editing a script or a
// description then leaves the npm ci layer cached.
//
//   node dependency-manifests.cjs <input dir> <output dir>
const fs = require('node:fs');
const path = require('node:path');

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node dependency-manifests.cjs <input dir> <output dir>');
  process.exit(2);
}

// Every workspace of the lock file: `npm ci` refuses a lock file whose workspaces are missing.
const manifests = [
  'package.json',
  'packages/contracts/package.json',
  'packages/testkit/package.json',
  'packages/system-test/package.json',
  'apps/backend/package.json',
  'apps/frontend/package.json',
];
const keptFields = [
  'name',
  'version',
  'private',
  'workspaces',
  'main',
  'exports',
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'overrides',
  'allowScripts',
  'engines',
];

for (const file of manifests) {
  const manifest = JSON.parse(fs.readFileSync(path.join(input, file), 'utf8'));
  const kept = Object.fromEntries(keptFields.filter((field) => field in manifest).map((field) => [field, manifest[field]]));
  fs.mkdirSync(path.dirname(path.join(output, file)), { recursive: true });
  fs.writeFileSync(path.join(output, file), JSON.stringify(kept, null, 2));
}
fs.copyFileSync(path.join(input, 'package-lock.json'), path.join(output, 'package-lock.json'));
