import { plateFromLines } from './plateText';

describe('plate text', () => {
  it('keeps the most confident plate-like line, normalised', () => {
    expect(
      plateFromLines(
        [
          { text: 'TOYOTA', confidence: 0.99 },
          { text: 'kx-4821', confidence: 0.9 },
          { text: 'KX 482l', confidence: 0.6 },
        ],
        0.5,
      ),
    ).toEqual({ text: 'KX4821', confidence: 0.9 });
    expect(plateFromLines([{ text: ' KX  4821 ', confidence: 0.95 }], 0.5)).toEqual({ text: 'KX 4821', confidence: 0.95 });
  });

  it('rejects words, too short or long text, and unsure reads', () => {
    expect(plateFromLines([{ text: 'STOP', confidence: 0.99 }], 0.5)).toBeNull();
    expect(plateFromLines([{ text: 'A1', confidence: 0.99 }], 0.5)).toBeNull();
    expect(plateFromLines([{ text: 'ABCDEFG123456', confidence: 0.99 }], 0.5)).toBeNull();
    expect(plateFromLines([{ text: 'KX 4821', confidence: 0.3 }], 0.5)).toBeNull();
  });
});
