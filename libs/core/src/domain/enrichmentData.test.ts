import { enrichmentDataSchema, readEnrichmentData } from './enrichmentData';

describe('enrichment_data schema', () => {
  it('fills defaults so readers never meet undefined lists', () => {
    expect(enrichmentDataSchema.parse({})).toEqual({ v: 1, zone_ids: [], zones: [], filtered: false, filter_reasons: [], stationary: false, steps: {} });
  });

  it('drops keys a newer writer added and keeps what it knows', () => {
    const stored = { v: 2, zone_ids: ['z1'], plate: { text: 'KX 4821', confidence: 0.96 }, future_field: { a: 1 } };
    const read = readEnrichmentData(stored);
    expect(read?.zone_ids).toEqual(['z1']);
    expect(read?.plate).toEqual({ text: 'KX 4821', confidence: 0.96 });
    expect(read).not.toHaveProperty('future_field');
  });

  it('records per-step status and timing', () => {
    const data = enrichmentDataSchema.parse({ steps: { plate: { status: 'failed', duration_ms: 12.5, reason: 'breaker open' } } });
    expect(data.steps.plate?.status).toBe('failed');
    expect(() => enrichmentDataSchema.parse({ steps: { nonsense: { status: 'ok', duration_ms: 1 } } })).toThrow();
  });

  it('reads nothing from null or an unreadable value', () => {
    expect(readEnrichmentData(null)).toBeNull();
    expect(readEnrichmentData({ zone_ids: 'not a list' })).toBeNull();
  });
});
