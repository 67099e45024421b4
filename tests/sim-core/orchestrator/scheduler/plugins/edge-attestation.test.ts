/** EdgeAttestation: sensitive pods only on attested nodes. */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../../sim-core/orchestrator/scheduler/state.ts';
import { attestationAllows, ERR_NOT_ATTESTED, newEdgeAttestation } from '../../../../../sim-core/orchestrator/scheduler/plugins/edge-attestation.ts';
import type { Status } from '../../../../../sim-core/orchestrator/scheduler/types.ts';
import { node, pod, runFilter } from '../helpers.ts';

describe('EdgeAttestation', () => {
  const state = ClusterState.from([node('tpm', {}, { edge: { attested: true } }), node('plain'), node('stringy', {}, { edge: { attested: 'true' as never } })]);
  it.each([[false, false, true], [false, true, true], [true, true, true], [true, false, false]])('sensitive %s on attested %s → %s', (s, a, want) => expect(attestationAllows(s, a)).toBe(want));
  it('a sensitive pod (edge flag or label) is filtered from unattested nodes; only boolean true attests', () => {
    for (const p of [pod({ edge: { sensitive: true } }), pod({ labels: { 'edgetwin.io/sensitive': 'true' } })]) {
      const f = runFilter(newEdgeAttestation(), state, p) as Map<string, Status>;
      expect([...f.keys()]).toEqual(['plain', 'stringy']);
      expect(f.get('plain')).toMatchObject({ code: 'UnschedulableAndUnresolvable', reasons: [ERR_NOT_ATTESTED], plugin: 'EdgeAttestation' });
    }
  });
  it('other pods skip it', () => {
    expect(runFilter(newEdgeAttestation(), state, pod({ labels: { 'edgetwin.io/sensitive': 'false' } }))).toBe('skip');
  });
});
