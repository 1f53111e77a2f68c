import { MESSAGE_TYPES, type MessageType } from '@secpipe/core';

/**
 * Patterns a client may subscribe to: a message type (`event`, `camera_status`, ...) or a prefix
 * ending in `*` (`detection.*`, `alert_*`). Returns the types a pattern names, empty when none.
 */
export function typesForPattern(pattern: string): MessageType[] {
  const subscribable = MESSAGE_TYPES.filter((type) => type !== 'system_status');
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1);
    return subscribable.filter((type) => type.startsWith(prefix));
  }
  return subscribable.filter((type) => type === pattern);
}

export function unknownPatterns(patterns: readonly string[]): string[] {
  return patterns.filter((pattern) => typesForPattern(pattern).length === 0);
}

/**
 * What one /ws/events client receives. A client that never subscribes receives every type (as in
 * the original); the first `subscribe` narrows it to what it names. Camera ids narrow further;
 * messages that concern no camera (service_status) pass a camera filter.
 */
export class Subscription {
  private types: Set<MessageType> | null = null;
  private cameras: Set<string> | null = null;

  subscribe(patterns: readonly string[], cameraIds: readonly string[]): void {
    if (patterns.length > 0) {
      this.types ??= new Set();
      for (const pattern of patterns) for (const type of typesForPattern(pattern)) this.types.add(type);
    }
    if (cameraIds.length > 0) {
      this.cameras ??= new Set();
      for (const id of cameraIds) this.cameras.add(id);
    }
  }

  unsubscribe(patterns: readonly string[], cameraIds: readonly string[]): void {
    if (patterns.length > 0) {
      this.types ??= new Set(MESSAGE_TYPES.filter((type) => type !== 'system_status'));
      for (const pattern of patterns) for (const type of typesForPattern(pattern)) this.types.delete(type);
    }
    if (this.cameras) {
      for (const id of cameraIds) this.cameras.delete(id);
      // Removing the last camera filter means "no camera filter", not "no camera at all".
      if (this.cameras.size === 0) this.cameras = null;
    }
  }

  wants(type: string, cameraId: string | undefined): boolean {
    if (this.types && !this.types.has(type as MessageType)) return false;
    return !this.cameras || cameraId === undefined || this.cameras.has(cameraId);
  }

  describe(): { channels: string[] | 'all'; camera_ids: string[] | 'all' } {
    return { channels: this.types ? [...this.types].sort() : 'all', camera_ids: this.cameras ? [...this.cameras].sort() : 'all' };
  }
}
