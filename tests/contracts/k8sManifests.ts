import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
/** A Kubernetes object as read from a manifest. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [field: string]: unknown;
}

/**
 * The schema violations of each object ([] when valid; an unknown kind is a violation too), from
 * the schema-backed models of `kubernetes-models` and `@kubernetes-models/keda` (validateK8sObjects.mjs).
 */
export function manifestErrors(manifests: Manifest[]): string[] {
  const output = execFileSync(process.execPath, [path.join(__dirname, 'validateK8sObjects.mjs')], { input: JSON.stringify(manifests), encoding: 'utf8' });
  return (JSON.parse(output) as string[][]).flat();
}

export function readManifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS() as Manifest).filter(Boolean);
}

interface Kustomization {
  resources?: string[];
  patches?: Array<{ path: string }>;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const named = (items: unknown[]) => items.every((item) => isObject(item) && typeof item.name === 'string');

/**
 * Strategic merge as kustomize applies it to the kinds used here: objects merge key by key, lists
 * of named items (containers, env) merge by name in built-in kinds, other lists are replaced (as
 * for custom resources such as KEDA's, which have no merge keys).
 */
function strategicMerge(base: unknown, patch: unknown, builtIn: boolean): unknown {
  if (isObject(base) && isObject(patch)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) merged[key] = key in base ? strategicMerge(base[key], value, builtIn) : value;
    return merged;
  }
  if (builtIn && Array.isArray(base) && Array.isArray(patch) && named(base) && named(patch)) {
    const merged = base.map((item) => {
      const match = patch.find((p) => (p as { name: string }).name === (item as { name: string }).name);
      return match ? strategicMerge(item, match, builtIn) : item;
    });
    return [...merged, ...patch.filter((p) => !base.some((b) => (b as { name: string }).name === (p as { name: string }).name))];
  }
  return patch;
}

/** Builds a kustomization (resources and patches, recursively) the way `kubectl apply -k` would. */
export function buildKustomization(dir: string): Manifest[] {
  const kustomization = readManifests(path.join(dir, 'kustomization.yaml'))[0] as unknown as Kustomization;
  const objects = (kustomization.resources ?? []).flatMap((resource) =>
    resource.endsWith('.yaml') ? readManifests(path.join(dir, resource)) : buildKustomization(path.join(dir, resource)),
  );
  for (const { path: patchFile } of kustomization.patches ?? []) {
    for (const patch of readManifests(path.join(dir, patchFile))) {
      const index = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (index < 0) throw new Error(`${patchFile}: patches ${patch.kind}/${patch.metadata.name}, which no resource defines`);
      objects[index] = strategicMerge(objects[index], patch, !patch.apiVersion.includes('.')) as Manifest;
    }
  }
  return objects;
}
