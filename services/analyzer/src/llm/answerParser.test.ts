import { DEFAULT_RISK_THRESHOLDS } from '@secpipe/core';
import { AnswerParseError, parseLlmAnswer } from './answerParser';

const parse = (raw: string) => parseLlmAnswer(raw, DEFAULT_RISK_THRESHOLDS);
const valid = '{"risk_score": 72, "risk_level": "high", "summary": "Person at the door at night", "reasoning": "Lingered for minutes."}';

describe('parseLlmAnswer', () => {
  it('reads a plain JSON answer', () => {
    expect(parse(valid)).toMatchObject({ risk_score: 72, risk_level: 'high', summary: 'Person at the door at night', reasoning: 'Lingered for minutes.' });
  });

  it.each([
    ['a preamble', `Here is my assessment:\n${valid}\nLet me know if you need more.`],
    ['a <think> block with braces inside', `<think>The {person} is at the door; score maybe {"risk_score": 10}?</think>\n${valid}`],
    ['a code fence', `\`\`\`json\n${valid}\n\`\`\``],
    ['an unclosed think tag before the answer', `<think>hmm</think></think>${valid}`],
    ['a stray brace in the preamble', `My score {roughly: ${valid}`],
  ])('survives %s', (_label, raw) => {
    expect(parse(raw)).toMatchObject({ risk_score: 72, risk_level: 'high' });
  });

  it('repairs a truncated answer', () => {
    const answer = parse('{"risk_score": 72, "risk_level": "high", "summary": "Person at the door", "reasoning": "Lingered near the en');
    expect(answer).toMatchObject({ risk_score: 72, risk_level: 'high', summary: 'Person at the door', reasoning: 'Lingered near the en' });
    expect(parse('{"risk_score": 40, "summary": "x", "threat_indicators": ["a", "b').risk_score).toBe(40);
    expect(parse('{"risk_level": "medium", "summary": "Visitor", "reas').risk_score).toBe(45);
  });

  it.each([
    [150, 100, 'critical'],
    [-50, 0, 'low'],
    ['88', 88, 'critical'],
  ])('clamps score %p to %p and derives the level', (score, expected, level) => {
    expect(parse(`{"risk_score": ${JSON.stringify(score)}, "summary": "s", "reasoning": "r"}`)).toMatchObject({ risk_score: expected, risk_level: level });
  });

  it('derives the level from the score when the level is invalid', () => {
    expect(parse('{"risk_score": 90, "risk_level": "bogus", "summary": "s", "reasoning": "r"}').risk_level).toBe('critical');
  });

  it('keeps the extras when given', () => {
    const answer = parse('{"risk_score": 20, "risk_level": "low", "summary": "s", "reasoning": "r", "title": "Delivery", "threat_indicators": ["none"], "confidence": 1.4}');
    expect(answer.extras).toEqual({ title: 'Delivery', threat_indicators: ['none'], confidence: 1 });
  });

  it.each([
    ['prose only', 'The person seems to be a delivery driver; low risk.'],
    ['an object with neither score nor level', '{"summary": "nothing"}'],
    ['a non-numeric score and no level', '{"risk_score": "high-ish"}'],
  ])('rejects %s', (_label, raw) => {
    expect(() => parse(raw)).toThrow(AnswerParseError);
  });
});
