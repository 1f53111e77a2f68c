/** One colour per class, so a person and a car never look alike on a thumbnail. */
const PALETTE: Record<string, string> = {
  person: '#FF3B30',
  car: '#007AFF',
  truck: '#5856D6',
  bus: '#AF52DE',
  motorcycle: '#FF9500',
  bicycle: '#FFCC00',
  dog: '#34C759',
  cat: '#30B0C7',
  bird: '#A2845E',
};

const FALLBACK = ['#FF2D55', '#64D2FF', '#BF5AF2', '#FFD60A', '#32D74B'];

export function classColour(objectClass: string): string {
  const known = PALETTE[objectClass];
  if (known) return known;
  let hash = 0;
  for (const char of objectClass) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return FALLBACK[hash % FALLBACK.length];
}
