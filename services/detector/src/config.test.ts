import { ConfigError, loadConfig, SECURITY_CLASSES } from '@secpipe/core';
import { detectorConfigSchema, policyFromConfig } from './config';

describe('detector config', () => {
  it('has working defaults', () => {
    const config = loadConfig('detector', detectorConfigSchema, {});
    expect(config).toMatchObject({ DETECTOR_PORT: 8090, DETECTOR_DEVICE: 'auto', DETECTOR_MAX_BATCH: 8, DETECTION_CONFIDENCE_THRESHOLD: 0.5 });
    expect(policyFromConfig(config).classes).toEqual(new Set(SECURITY_CLASSES));
  });

  it('parses class lists and threshold maps', () => {
    const config = loadConfig('detector', detectorConfigSchema, {
      DETECTOR_CLASSES: 'person, car',
      DETECTOR_CLASS_THRESHOLDS: 'person=0.6,car=0.75',
      DETECTOR_CAMERA_THRESHOLDS: 'front_door=0.7, driveway:car=0.9',
    });
    const policy = policyFromConfig(config);
    expect([...policy.classes]).toEqual(['person', 'car']);
    expect(policy.classThresholds).toEqual({ person: 0.6, car: 0.75 });
    expect(policy.cameraThresholds).toEqual({ front_door: 0.7, 'driveway:car': 0.9 });
  });

  it('reports bad values by key, all at once', () => {
    let caught: unknown;
    try {
      loadConfig('detector', detectorConfigSchema, { DETECTOR_CLASS_THRESHOLDS: 'person=high', DETECTOR_DEVICE: 'tpu', DETECTOR_MAX_BATCH: '0' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/DETECTOR_CLASS_THRESHOLDS: expected name=number .*bad entry "person=high"/);
    expect(problems).toMatch(/DETECTOR_DEVICE: must be auto, cpu or cuda/);
    expect(problems).toMatch(/DETECTOR_MAX_BATCH: must be at least 1/);
  });
});
