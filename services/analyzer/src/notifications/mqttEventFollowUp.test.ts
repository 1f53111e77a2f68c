import { jobContext } from '../../test/support/analysisFixtures';
import type { StoredEvent } from '../events/eventStore';
import { MqttEventFollowUp } from './mqttEventFollowUp';

const event: StoredEvent = { id: 7, batch_id: 'b-7', camera_id: 'porch', camera_name: 'Porch', risk_score: 65, risk_level: 'high', summary: 's', reasoning: 'r', started_at: new Date('2026-11-20T01:00:00Z'), object_types: ['person'], thumbnail_url: null, max_confidence: 0.9, zone_ids: [], scene_change: false };

describe('MqttEventFollowUp', () => {
  it('publishes the event with its camera name', async () => {
    const published: unknown[] = [];
    await new MqttEventFollowUp(() => ({ publishEvent: async (e) => void published.push(e) })).afterEvent(event, jobContext());
    expect(published).toEqual([{ id: 7, camera_id: 'porch', camera_name: 'Porch', risk_score: 65, risk_level: 'high', summary: 's', started_at: '2026-11-20T01:00:00.000Z' }]);
  });

  it('never fails the analysis job when the broker is down', async () => {
    const down = new MqttEventFollowUp(() => ({ publishEvent: async () => Promise.reject(new Error('mqtt broker not reachable')) }));
    await expect(down.afterEvent(event, jobContext())).resolves.toBeUndefined();
  });

  it('does nothing while MQTT is off', async () => {
    await expect(new MqttEventFollowUp(() => null).afterEvent(event, jobContext())).resolves.toBeUndefined();
  });
});
