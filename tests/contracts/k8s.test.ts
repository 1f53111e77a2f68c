import { readdirSync } from 'node:fs';
import path from 'node:path';
import { QueueKeys } from 'bullmq';
import { queueCatalog } from '@secpipe/core';
import { analyzerConfigSchema } from '../../services/analyzer/src/config';
import { buildKustomization, manifestErrors, readManifests, type Manifest } from './k8sManifests';

const K8S = path.resolve(__dirname, '..', '..', 'deploy', 'k8s');
const OPS_PORTS = { ingest: 9101, detector: 9102, enrichment: 9103, analyzer: 9104, api: 9105 };
const SCALED = { detector: queueCatalog.detection.name, enrichment: queueCatalog.enrichment.name, analyzer: queueCatalog.analysis.name };

interface Container {
  name: string;
  image: string;
  ports: Array<{ name: string; containerPort: number }>;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  env?: Array<{ name: string; value: string }>;
}
type DeploymentSpec = { template: { spec: { containers: Container[]; terminationGracePeriodSeconds: number; nodeSelector?: Record<string, string> } } };

const find = (objects: Manifest[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const deployment = (objects: Manifest[], name: string) => find(objects, 'Deployment', name).spec as DeploymentSpec;

describe('Kubernetes manifests (deploy/k8s)', () => {
  const overlays = { cpu: buildKustomization(path.join(K8S, 'overlays', 'cpu')), gpu: buildKustomization(path.join(K8S, 'overlays', 'gpu')) };

  it.each(Object.keys(overlays))('%s overlay: every object validates against the Kubernetes and KEDA schemas', (overlay) => {
    const objects = overlays[overlay as keyof typeof overlays];
    expect(manifestErrors(objects)).toEqual([]);
    expect(objects.length).toBeGreaterThanOrEqual(14);
  });

  it('the validator rejects what a cluster would reject', () => {
    const [valid] = readManifests(path.join(K8S, 'base', 'api.yaml'));
    const [, scaled] = readManifests(path.join(K8S, 'base', 'scaledobjects.yaml'));
    const errors = manifestErrors([
      { ...valid, spec: { ...(valid.spec as object), replicas: 'two' } },
      { ...scaled, spec: { ...(scaled.spec as object), minReplicaCount: 'one' } },
      { ...valid, kind: 'Deploymnet' },
    ]);
    expect(errors).toEqual([expect.stringContaining('Deployment/api'), expect.stringContaining('ScaledObject/detector'), expect.stringContaining('no schema')]);
  });

  it('lists every base file in the kustomization', () => {
    const listed = (readManifests(path.join(K8S, 'base', 'kustomization.yaml'))[0] as unknown as { resources: string[] }).resources;
    expect(readdirSync(path.join(K8S, 'base')).filter((f) => f !== 'kustomization.yaml').sort()).toEqual([...listed].sort());
  });

  it.each(Object.entries(OPS_PORTS))('%s: requests, probes on its ops port, termination longer than the longest job', (name, opsPort) => {
    const spec = deployment(overlays.cpu, name);
    const [container] = spec.template.spec.containers;
    expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
    expect(container.ports).toContainEqual({ name: 'ops', containerPort: opsPort });
    expect(container.env).toContainEqual({ name: 'OPS_PORT', value: String(opsPort) });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'ops' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'ops' });
    const llmReadTimeoutS = analyzerConfigSchema.parse({}).LLM_READ_TIMEOUT_MS / 1000;
    expect(spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(llmReadTimeoutS);
    expect(container.image).toBe(`secpipe-${name}:latest`);
  });

  it.each(Object.entries(SCALED))('%s scales with KEDA on the BullMQ wait list of its queue', (name, queue) => {
    const scaled = find(overlays.cpu, 'ScaledObject', name).spec as {
      scaleTargetRef: { name: string };
      minReplicaCount: number;
      maxReplicaCount: number;
      triggers: Array<{ type: string; metadata: Record<string, string> }>;
    };
    const config = find(overlays.cpu, 'ConfigMap', 'secpipe-config') as unknown as { data: Record<string, string> };
    expect(scaled.scaleTargetRef.name).toBe(name);
    expect(scaled.minReplicaCount).toBe(1);
    expect(scaled.maxReplicaCount).toBeGreaterThan(1);
    // The key BullMQ itself derives for the queue's wait list under this installation's prefix.
    expect(scaled.triggers[0].metadata.listName).toBe(new QueueKeys(config.data.QUEUE_PREFIX).toKey(queue, 'wait'));
    expect(scaled.triggers[0].type).toBe('redis');
    expect(config.data[scaled.triggers[0].metadata.addressFromEnv]).toMatch(/:\d+$/);
  });

  it('runs the migration as a Job and references managed PostgreSQL and Redis through the secret', () => {
    const job = find(overlays.cpu, 'Job', 'secpipe-migrate').spec as { template: { spec: { containers: Container[] } } };
    expect(job.template.spec.containers[0].image).toBe('secpipe-migrate:latest');
    const secret = find(overlays.cpu, 'Secret', 'secpipe-secrets') as unknown as { stringData: Record<string, string> };
    expect(Object.keys(secret.stringData)).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL']));
    expect(overlays.cpu.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
  });

  it('gpu overlay: the detector asks for an NVIDIA GPU on a GPU node, with the CUDA image', () => {
    const spec = deployment(overlays.gpu, 'detector');
    const [container] = spec.template.spec.containers;
    expect(container.resources.requests?.['nvidia.com/gpu']).toBe('1');
    expect(container.resources.limits?.['nvidia.com/gpu']).toBe('1');
    expect(spec.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(container.image).toBe('secpipe-detector:gpu');
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'DETECTOR_DEVICE', value: 'cuda' }, { name: 'OPS_PORT', value: '9102' }]));
    expect(deployment(overlays.cpu, 'detector').template.spec.containers[0].resources.requests?.['nvidia.com/gpu']).toBeUndefined();
  });
});
