/**
 * Shadow mode as `edgetwin serve` sets it up: the twin's model from a shipped scenario file
 * (every node, service and link with the scenario's own parameters), the mapping from a file,
 * and bad or missing files as InputErrors before the gateway starts. With no source configured
 * the route still answers, with nothing scored.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPrometheusMapping } from '../../../connectors/prometheus/mapping.ts';
import { loadShadowModel, shadowModuleFromFiles } from '../../../connectors/shadow/shadow-setup.ts';
import type { ShadowState } from '../../../connectors/shadow/shadow.ts';
import { parseScenario } from '../../../sim-core/scenario/parse.ts';
import { InputError } from '../../../sim-core/text/input-error.ts';
import { ROOT, testGateway } from '../gateway/support/gateway.ts';

const SCENARIO = join(ROOT, 'scenarios/metro-operations.yaml');

describe('shadow set-up from files', () => {
  it("the model carries the scenario's nodes, services and links with their parameters", () => {
    const m = loadShadowModel(SCENARIO);
    const s = parseScenario(readFileSync(SCENARIO, 'utf8'), SCENARIO);
    expect(m.nodes.size).toBe(s.nodes.length);
    expect(m.links.size).toBe(s.links.length);
    const n = s.nodes[0]!;
    expect(m.nodes.get(n.id)).toEqual({ cores: n.cores, coreSpeed: n.coreSpeed });
    const a = s.apps[0]!;
    expect(m.services.get(`${a.id}/${a.services[0]!.id}`)).toEqual({ cpuWorkMs: a.services[0]!.cpuWorkMs });
    expect(m.links.get(s.links[0]!.id)).toEqual({ latencyMs: s.links[0]!.latencyMs });
  });

  it('missing and bad files are InputErrors naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgetwin-shadow-setup-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'nodes: 3\n');
    expect(() => loadShadowModel(join(dir, 'none.yaml'))).toThrow(InputError);
    expect(() => loadShadowModel(join(dir, 'none.yaml'))).toThrow(/none\.yaml: cannot read the scenario to shadow: no such file/);
    expect(() => loadPrometheusMapping(join(dir, 'none.yaml'))).toThrow(/cannot read the Prometheus mapping: no such file/);
    expect(() => shadowModuleFromFiles({ scenarioPath: SCENARIO, mappingPath: bad })).toThrow(/bad\.yaml:1:8: nodes: must be an object/);
  });

  it('with no source the route answers with nothing scored', async () => {
    const gw = await testGateway({ extraModules: [shadowModuleFromFiles({ scenarioPath: SCENARIO, mappingPath: null, intervalMs: 60_000 })] });
    try {
      const get = async () => {
        const res = await gw.app.inject({ method: 'GET', url: '/api/v1/shadow', headers: gw.auth(gw.tokens.viewer) });
        expect(res.statusCode).toBe(200);
        return res.json() as ShadowState;
      };
      // The first poll runs when the module starts; wait for it with a deadline.
      const deadline = Date.now() + 5000;
      let s = await get();
      while (s.ticks < 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        s = await get();
      }
      expect(s.ticks).toBe(1);
      expect(s.sources).toEqual({ prometheus: false, fleet: false });
      expect(s.nodes).toEqual([]);
      expect(s.calibration).toEqual({ nodes: [], links: [] });
    } finally {
      await gw.close();
    }
  });
});
