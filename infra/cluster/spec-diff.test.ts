import { canonicalQuantity, comparable, specMismatches } from './spec-diff';

describe('specMismatches', () => {
  it('when the live object has every rendered field and more, then nothing is reported', () => {
    const rendered = { replicas: 2, template: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 8000 }] }] } } };
    const live = {
      replicas: 2,
      progressDeadlineSeconds: 600,
      template: {
        spec: {
          containers: [{ name: 'app', ports: [{ containerPort: 8000, protocol: 'TCP' }], terminationMessagePath: '/dev/termination-log' }],
        },
      },
    };
    expect(specMismatches(rendered, live)).toEqual([]);
  });

  it('when a value differs or is missing, then each path is named with both values', () => {
    const rendered = { replicas: 2, strategy: { type: 'RollingUpdate' }, selector: { app: 'backend' } };
    const live = { replicas: 3, selector: { app: 'backend' } };
    expect(specMismatches(rendered, live)).toEqual(['replicas: expected 2, found 3', 'strategy: expected an object, found undefined']);
  });

  it('when a list has another length or item, then the index is named', () => {
    expect(specMismatches({ ports: [1, 2] }, { ports: [1] })).toEqual(['ports: expected 2 items, found 1']);
    expect(specMismatches({ args: ['a', 'b'] }, { args: ['a', 'c'] })).toEqual(['args[1]: expected "b", found "c"']);
  });

  it('when a quantity is written as a decimal, then its canonical form matches', () => {
    expect(specMismatches({ cpu: '0.5', memory: '1Gi' }, { cpu: '500m', memory: '1Gi' })).toEqual([]);
    expect(canonicalQuantity('1.0')).toBe('1');
    expect(canonicalQuantity('2')).toBe('2');
  });
});

describe('comparable', () => {
  it('when a Secret is rendered with stringData, then the live data to find is base64', () => {
    expect(comparable({ kind: 'Secret', metadata: { name: 's', labels: { a: 'b' } }, type: 'Opaque', stringData: { K: 'v' } })).toEqual({
      metadata: { labels: { a: 'b' }, annotations: undefined },
      type: 'Opaque',
      data: { K: 'dg==' },
    });
  });
});
