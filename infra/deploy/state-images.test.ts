import { imageUrn, stackExport } from '../testing/state-export';
import { imageLabel, stateImages } from './state-images';

describe('stateImages', () => {
  it('when the state holds the two built images, then each comes with its URN and the name the provider tagged', () => {
    const exported = stackExport('dev', [
      { app: 'backend', imageName: 'todo/backend:3ddd8e8fed0e' },
      { app: 'frontend', imageName: 'todo/frontend:6c9d8effba7f' },
    ]);

    expect(stateImages(exported)).toEqual({
      images: [
        { urn: imageUrn('dev', 'backend'), name: 'backend-image', imageName: 'todo/backend:3ddd8e8fed0e' },
        { urn: imageUrn('dev', 'frontend'), name: 'frontend-image', imageName: 'todo/frontend:6c9d8effba7f' },
      ],
    });
  });

  it('when an image was pushed (skipPush false), then it names the registry it went to', () => {
    const exported = stackExport('prod', [
      { app: 'backend', imageName: 'registry.example.com/todo/backend:abc123', registry: 'registry.example.com' },
    ]);

    expect(stateImages(exported)).toEqual({
      images: [
        {
          urn: imageUrn('prod', 'backend'),
          name: 'backend-image',
          imageName: 'registry.example.com/todo/backend:abc123',
          pushedTo: 'registry.example.com',
        },
      ],
    });
  });

  it('when an image only waits to be deleted (delete: true), then it is left out', () => {
    const exported = stackExport('dev', [
      { app: 'backend', imageName: 'todo/backend:old', pendingDelete: true },
      { app: 'frontend', imageName: 'todo/frontend:new' },
    ]);

    expect(stateImages(exported)).toEqual({
      images: [{ urn: imageUrn('dev', 'frontend'), name: 'frontend-image', imageName: 'todo/frontend:new' }],
    });
  });

  it.each([
    ['a stack never deployed (deployment null)', '{"version": 3, "deployment": null}'],
    ['a deployment without resources', '{"version": 3, "deployment": {"manifest": {}}}'],
    ['a stack deploying given references (no docker Image)', stackExport('refs', [])],
  ])('when the export is %s, then there is no image to check', (_case, exported) => {
    expect(stateImages(exported)).toEqual({ images: [] });
  });

  it('when the text is not JSON, then it says so without quoting it', () => {
    expect(stateImages('error: no stack named dev found')).toEqual({ error: 'pulumi stack export did not print JSON' });
  });
});

describe('imageLabel', () => {
  it.each([
    ['backend-image', 'backend image'],
    ['worker', 'image worker'],
  ])('when the resource is %s, then the line calls it %s', (name, label) => {
    expect(imageLabel({ urn: `urn:x::${name}`, name, imageName: 'x:y' })).toBe(label);
  });
});
