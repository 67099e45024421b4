/**
 * Surface schema of generators: a site template stamped out `sites` times. Generated ids are
 * stable and documented here: site i (1-based, zero-padded to the width of `sites`) is
 * `<id>-<i>`; its gateway `<id>-<i>-gw`, edge server `<id>-<i>-edge`, sensors `<id>-<i>-s<j>`
 * (j zero-padded to the width of sensors.count); links are named "<a>~<b>".
 */
import { z } from 'zod';
import { nodeFields, zLinkTemplate } from './fabric.ts';
import { zId, zInt, zList, zObj, zPositive, zText } from './quantities.ts';
import { BOUNDS } from './bounds.ts';

const role = (what: string) =>
  zObj({ class: zId().optional().describe(`Node class of the ${what}.`), ...nodeFields });

/** One site template. */
export const zSiteGenerator = zObj({
  id: zId().describe('Generator id; also the prefix of every generated id (see ids below).'),
  sites: zInt(BOUNDS.generated).describe('Number of sites. Site i is named <id>-<i> (1-based, zero-padded, e.g. plant-007).'),
  regions: zList(zId()).min(1).optional().describe('Regions the sites are spread over, round-robin (site 1 → first region); zones round-robin within each region. Default: all regions.'),
  spacing: zPositive(BOUNDS.distanceKm).optional().describe('Distance between neighbouring sites of a region on the map grid, in km (default 5).'),
  gateway: role('gateway (<site>-gw)').describe('The site gateway <site>-gw (tier gateway unless the class says otherwise).'),
  edge: role('edge server (<site>-edge)').extend({
    link: zLinkTemplate.describe('Link gateway ↔ edge server.'),
  }).optional().describe('Optional on-site edge server <site>-edge, linked to the gateway.'),
  sensors: role('sensors (<site>-s<j>)').extend({
    count: zInt(BOUNDS.generated).describe('Sensors per site, named <site>-s<j> (1-based, zero-padded).'),
    link: zLinkTemplate.describe('Link sensor ↔ gateway.'),
  }).optional().describe('Sensors attached to the gateway (tier sensor unless the class says otherwise).'),
  uplink: zObj({
    to: zText().describe('Node id the site connects to; placeholders {region}, {zone}, {i} (site number), {site} (site id).'),
    link: zLinkTemplate.describe('The uplink.'),
  }).optional().describe('Link from the edge server (or the gateway when there is none) to an upstream node.'),
});

/** spec.generators: a list of site templates. */
export const zGenerators = zList(zSiteGenerator);
export type SiteGeneratorInput = z.output<typeof zSiteGenerator>;
