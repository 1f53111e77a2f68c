import type { JobContext } from '@secpipe/core';
import { createSceneCheckHandler, type SceneCheckDeps } from './sceneCheckHandler';

const job = { v: 1, camera_id: 'porch', file_path: '/nonexistent/frame.jpg', file_hash: 'a'.repeat(64), captured_at: '2026-12-02T10:00:00.000Z', correlation_id: 'c-1' };
const context = { logger: { info: () => undefined, debug: () => undefined, warn: () => undefined } } as unknown as JobContext;

function depsWith(enabled: boolean, touched: string[]): SceneCheckDeps {
  return {
    states: {
      load: async () => (touched.push('load'), { state: null, revision: 0 }),
      save: async () => void touched.push('save'),
    } as unknown as SceneCheckDeps['states'],
    changes: { record: async () => (touched.push('record'), { id: 1 }) } as unknown as SceneCheckDeps['changes'],
    publisher: { publish: async () => void touched.push('publish') } as unknown as SceneCheckDeps['publisher'],
    settings: () => ({ enabled, threshold: 0.9, frames: 2 }),
    sceneAlerts: { enqueue: async () => (touched.push('enqueue'), 'sca-1') },
  };
}

describe('scene check switch (scene_change_enabled)', () => {
  it('switched off: reads no image and touches no state, change or message', async () => {
    const touched: string[] = [];
    await expect(createSceneCheckHandler(depsWith(false, touched))(job, context)).resolves.toEqual({ outcome: 'disabled' });
    expect(touched).toEqual([]);
  });

  it('switched on: reads the image (here gone, so the frame is skipped)', async () => {
    const touched: string[] = [];
    await expect(createSceneCheckHandler(depsWith(true, touched))(job, context)).resolves.toEqual({ outcome: 'image_gone' });
    expect(touched).toEqual([]);
  });
});
