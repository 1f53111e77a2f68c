/**
 * Prometheus naming rules (https://prometheus.io/docs/practices/naming/) checked over exposition
 * text, so a dashboard never has to guess a unit and `promtool check metrics` stays quiet.
 */

interface Family {
  name: string;
  type: string;
  help: string;
  samples: Array<{ name: string; labels: string[] }>;
}

/** Units other than the base ones, as name words: `_ms`, `_milliseconds`, `_kb`, `_percent`... */
const NON_BASE_UNITS = new Set([
  'ms', 'millis', 'milliseconds', 'us', 'micros', 'microseconds', 'ns', 'nanos', 'nanoseconds', 'sec', 'secs', 'minutes', 'mins', 'hours', 'days',
  'kb', 'mb', 'gb', 'tb', 'kilobytes', 'megabytes', 'gigabytes', 'kib', 'mib', 'gib', 'bits', 'percent', 'pct',
]);
const TYPE_WORDS = new Set(['counter', 'gauge', 'histogram', 'summary']);

export function parseExposition(text: string): Family[] {
  const families = new Map<string, Family>();
  const familyOf = (name: string) => {
    const existing = families.get(name);
    if (existing) return existing;
    const created: Family = { name, type: 'untyped', help: '', samples: [] };
    families.set(name, created);
    return created;
  };
  let current: Family | undefined;
  for (const line of text.split('\n').filter(Boolean)) {
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      current = familyOf(meta[2]);
      if (meta[1] === 'TYPE') current.type = meta[3];
      else current.help = meta[3];
      continue;
    }
    const sample = /^([^\s{]+)(?:\{(.*)\})? \S+/.exec(line);
    if (!sample || !current) throw new Error(`unparsable exposition line: ${line}`);
    const labels = [...(sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)].map((m) => m[1]);
    current.samples.push({ name: sample[1], labels });
  }
  return [...families.values()];
}

/** Every rule a family breaks, as `name: reason`. */
export function conventionProblems(text: string): string[] {
  const problems: string[] = [];
  for (const family of parseExposition(text)) {
    const say = (reason: string) => problems.push(`${family.name}: ${reason}`);
    const words = family.name.split('_');
    if (!/^[a-z_:][a-z0-9_:]*$/.test(family.name)) say('name is not lower snake case');
    if (!family.help) say('no HELP text');
    if (family.type === 'counter' && !family.name.endsWith('_total')) say('counter without _total');
    if (family.type !== 'counter' && family.name.endsWith('_total')) say(`${family.type} ending in _total`);
    for (const word of words.filter((w) => NON_BASE_UNITS.has(w))) say(`unit "${word}" is not a base unit (seconds, bytes, ratio)`);
    for (const word of words.filter((w) => TYPE_WORDS.has(w))) say(`metric type "${word}" in the name`);
    for (const sample of family.samples) {
      if (sample.labels.includes('quantile') && family.type !== 'summary') say(`"quantile" label on a ${family.type}`);
      if (sample.labels.includes('le') && !(family.type === 'histogram' && sample.name === `${family.name}_bucket`)) say(`"le" label on ${sample.name}`);
      if (sample.name !== family.name && !(['histogram', 'summary'].includes(family.type) && /_(bucket|sum|count)$/.test(sample.name))) say(`sample ${sample.name} outside its family`);
    }
  }
  return [...new Set(problems)];
}
