export interface MqttTopicSettings {
  topicPrefix: string;
  discoveryPrefix: string;
}

/** Every topic the analyzer publishes on, under MQTT_TOPIC_PREFIX. */
export function mqttTopics({ topicPrefix: p }: MqttTopicSettings) {
  return {
    availability: `${p}/availability`,
    events: `${p}/events`,
    alerts: (severity: string) => `${p}/alerts/${severity}`,
    cameraRisk: (cameraId: string) => `${p}/cameras/${cameraId}/risk`,
    cameraAlert: (cameraId: string) => `${p}/cameras/${cameraId}/alert`,
  };
}

/**
 * Home Assistant MQTT discovery (`<discovery>/<component>/<node_id>/<object_id>/config`,
 * retained): a risk sensor per camera fed by its retained risk topic, and a binary "alert"
 * sensor that turns on with each alert and off by itself after five minutes.
 */
export function discoveryMessages(settings: MqttTopicSettings, cameraId: string, cameraName: string): Array<{ topic: string; payload: Record<string, unknown> }> {
  const topics = mqttTopics(settings);
  const node = `secpipe_${cameraId}`;
  const device = { identifiers: [node], name: cameraName, manufacturer: 'SecPipe', model: 'camera' };
  const common = { availability_topic: topics.availability, payload_available: 'online', payload_not_available: 'offline', device };
  return [
    {
      topic: `${settings.discoveryPrefix}/sensor/${node}/risk/config`,
      payload: { name: `${cameraName} risk`, unique_id: `${node}_risk`, state_topic: topics.cameraRisk(cameraId), value_template: '{{ value_json.risk_score }}', json_attributes_topic: topics.cameraRisk(cameraId), state_class: 'measurement', icon: 'mdi:shield-alert', ...common },
    },
    {
      topic: `${settings.discoveryPrefix}/binary_sensor/${node}/alert/config`,
      payload: { name: `${cameraName} alert`, unique_id: `${node}_alert`, state_topic: topics.cameraAlert(cameraId), payload_on: 'ON', payload_off: 'OFF', off_delay: 300, device_class: 'safety', ...common },
    },
  ];
}
