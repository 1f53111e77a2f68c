/** The JSON schema the server constrains the answer to (llama.cpp `json_schema`, OpenAI `response_format`). */
export const ANSWER_JSON_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    risk_score: { type: 'integer', minimum: 0, maximum: 100 },
    risk_level: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
    summary: { type: 'string', maxLength: 300 },
    reasoning: { type: 'string', maxLength: 1500 },
    title: { type: 'string', maxLength: 80 },
    threat_indicators: { type: 'array', items: { type: 'string', maxLength: 120 }, maxItems: 10 },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
  },
  required: ['risk_score', 'risk_level', 'summary', 'reasoning'],
};
