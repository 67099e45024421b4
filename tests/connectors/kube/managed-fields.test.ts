/**
 * Server-side apply's field ownership in the Kubernetes API stand-in (pure): field sets in
 * FieldsV1 form, conflicts only where another manager owns a field with another value, shared
 * ownership for equal values, force taking ownership, removal of fields an applier stops setting.
 * (A stand-in because no Kubernetes API server installs on this machine.)
 */
import { describe, expect, it } from 'vitest';
import { fieldSet, formatField, fromFieldsV1, recordUpdate, serverSideApply, toFieldsV1 } from '../../../connectors/kubernetes/stand-in/managed-fields.ts';

const T = { apiVersion: 'apps/v1', time: '2026-01-01T00:00:00Z' };
const deploy = (replicas: number, image: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image, ...extra }] } } },
});

console.log('[managed-fields.test.ts] NOTE: server-side apply here is the Kubernetes API STAND-IN\'s (connectors/kubernetes/stand-in): no API server installs on this machine.');

describe('managed fields (SSA in the stand-in)', () => {
  it('field sets: leaves, associative-list items keyed by name, atomic lists whole; FieldsV1 round-trips', () => {
    const set = fieldSet(deploy(2, 'nginx:1', { args: ['a', 'b'] })).map(formatField);
    expect(set).toContain('.spec.replicas');
    expect(set).toContain('.metadata.labels.app');
    expect(set).toContain('.spec.template.spec.containers[name="web"].image');
    expect(set).toContain('.spec.template.spec.containers[name="web"].args');
    expect(set.some((f) => f.includes('args[') || f === '.metadata.name' || f.startsWith('.kind'))).toBe(false);
    const paths = fieldSet(deploy(2, 'nginx:1'));
    const tree = toFieldsV1(paths);
    expect(tree['f:spec']!['f:template']!['f:spec']!['f:containers']!['k:{"name":"web"}']!['.']).toEqual({});
    expect(fromFieldsV1(tree).map((p) => p.join('|')).sort()).toEqual(paths.map((p) => p.join('|')).sort());
  });

  it('conflict only when another manager owns the field with a different value; equal values are shared', () => {
    const first = serverSideApply(null, deploy(2, 'nginx:1'), 'kubectl', { ...T, force: false });
    const live = { ...first.merged!, metadata: { ...(first.merged!.metadata as object), managedFields: first.managedFields } };
    const same = serverSideApply(live, deploy(2, 'nginx:1'), 'edgetwin', { ...T, force: false });
    expect(same.conflicts).toEqual([]);
    expect(same.managedFields.map((e) => e.manager).sort()).toEqual(['edgetwin', 'kubectl']);
    const other = serverSideApply(live, deploy(3, 'nginx:1'), 'edgetwin', { ...T, force: false });
    expect(other.merged).toBeNull();
    expect(other.conflicts.map((c) => [c.manager, c.field])).toEqual([['kubectl', '.spec.replicas']]);
    const forced = serverSideApply(live, deploy(3, 'nginx:1'), 'edgetwin', { ...T, force: true });
    expect((forced.merged!.spec as any).replicas).toBe(3);
    const kubectl = forced.managedFields.find((e) => e.manager === 'kubectl')!;
    expect(fromFieldsV1(kubectl.fieldsV1).map(formatField)).not.toContain('.spec.replicas');
  });

  it('a field the applier no longer sets is removed unless someone else owns it', () => {
    const a = serverSideApply(null, deploy(1, 'nginx:1', { args: ['x'] }), 'edgetwin', { ...T, force: false });
    const live = { ...a.merged!, metadata: { ...(a.merged!.metadata as object), managedFields: a.managedFields } };
    const b = serverSideApply(live, deploy(1, 'nginx:2'), 'edgetwin', { ...T, force: false });
    const c = (b.merged!.spec as any).template.spec.containers[0];
    expect(c).toEqual({ name: 'web', image: 'nginx:2' });
  });

  it('an Update takes the fields it changes from their owner (an HPA scaling replicas)', () => {
    const a = serverSideApply(null, deploy(1, 'nginx:1'), 'edgetwin', { ...T, force: false });
    const live = { ...a.merged!, metadata: { ...(a.merged!.metadata as object), managedFields: a.managedFields } };
    const after = structuredClone(live) as any;
    after.spec.replicas = 5;
    const mf = recordUpdate(live, after, 'hpa', T);
    const hpa = mf.find((e) => e.manager === 'hpa')!;
    expect(hpa.operation).toBe('Update');
    expect(fromFieldsV1(hpa.fieldsV1).map(formatField)).toEqual(['.spec.replicas']);
    expect(fromFieldsV1(mf.find((e) => e.manager === 'edgetwin')!.fieldsV1).map(formatField)).not.toContain('.spec.replicas');
  });
});
