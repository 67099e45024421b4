import { describe, expect, it } from 'vitest';
import { ensurePushSchema, nextNodeVersion, nodeVersion, pushIdFor } from '../../../connectors/push/store.ts';
import { planDb } from './support/fixtures.ts';

describe('push store', () => {
  it('node versions only grow: a lower or equal version and a delete are refused by the database', () => {
    const { db } = planDb([]);
    ensurePushSchema(db);
    expect(nodeVersion(db, 'n1')).toBe(0);
    expect([nextNodeVersion(db, 'n1'), nextNodeVersion(db, 'n1'), nextNodeVersion(db, 'n2')]).toEqual([1, 2, 1]);
    expect(() => db.prepare('UPDATE node_versions SET version = 1 WHERE node = ?').run('n1')).toThrow(/node versions only grow/);
    expect(() => db.prepare('UPDATE node_versions SET version = 2 WHERE node = ?').run('n1')).toThrow(/node versions only grow/);
    expect(() => db.prepare('DELETE FROM node_versions').run()).toThrow(/never deleted/);
    expect(nodeVersion(db, 'n1')).toBe(2);
  });

  it('a transition that fails leaves neither its version nor its audit entry behind', () => {
    const { db, audit } = planDb([]);
    ensurePushSchema(db);
    const before = audit.list(0, 100).length;
    expect(() => db.transaction(() => {
      nextNodeVersion(db, 'n9');
      audit.append({ actor: 'system', action: 'push.deliver', target: 'push-x', outcome: 'ok', reason: 'signed version 1' });
      throw new Error('crash before commit');
    }).immediate()).toThrow('crash before commit');
    expect(nodeVersion(db, 'n9')).toBe(0);
    expect(audit.list(0, 100).length).toBe(before);
    expect(audit.verify()).toMatchObject({ ok: true });
  });

  it('the push id is derived from the plan hash (one push per plan)', () => {
    expect(pushIdFor('0123456789abcdef'.repeat(4))).toBe('push-0123456789abcdef');
  });
});
