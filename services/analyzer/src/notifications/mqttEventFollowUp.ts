import type { JobContext } from '@secpipe/core';
import type { EventFollowUp } from '../events/analysisJobHandler';
import type { StoredEvent } from '../events/eventStore';
import type { MqttSender } from './mqttSender';

/**
 * Every event on `<prefix>/events` and the camera's retained risk topic. Best effort: the event
 * is committed and on the WebSocket already; a broker outage must not retry the analysis job.
 */
export class MqttEventFollowUp implements EventFollowUp {
  readonly name = 'mqtt events';

  constructor(
    /** The MQTT sender in effect (null while MQTT is off). */
    private readonly mqtt: () => Pick<MqttSender, 'publishEvent'> | null,
  ) {}

  async afterEvent(event: StoredEvent, context: JobContext): Promise<void> {
    const mqtt = this.mqtt();
    if (!mqtt) return;
    try {
      await mqtt.publishEvent({
        id: event.id,
        camera_id: event.camera_id,
        camera_name: event.camera_name,
        risk_score: event.risk_score,
        risk_level: event.risk_level,
        summary: event.summary,
        started_at: new Date(event.started_at).toISOString(),
      });
    } catch (error) {
      context.logger.warn({ err: error, event_id: event.id }, 'event not published on mqtt');
    }
  }
}
