import type { PrismaClient } from '@secpipe/core';

export interface Factory<T extends object, Row, Trait extends string> {
  /** A plain object with realistic defaults, overridden field by field, traits applied first. */
  build(overrides?: Partial<T>, ...traits: Trait[]): T;
  buildList(count: number, overrides?: Partial<T>, ...traits: Trait[]): T[];
  /** Builds and inserts; returns the stored row. */
  create(db: PrismaClient, overrides?: Partial<T>, ...traits: Trait[]): Promise<Row>;
  createList(db: PrismaClient, count: number, overrides?: Partial<T>, ...traits: Trait[]): Promise<Row[]>;
}

export interface FactoryDefinition<T extends object, Row, Trait extends string> {
  defaults: (sequence: number) => T;
  traits: Record<Trait, Partial<T> | ((built: T) => Partial<T>)>;
  insert: (db: PrismaClient, data: T) => Promise<Row>;
}

/** A small builder in the style of factory_bot / fishery: sequence numbers, traits, create(db). */
export function defineFactory<T extends object, Row, Trait extends string = never>(
  definition: FactoryDefinition<T, Row, Trait>,
): Factory<T, Row, Trait> {
  let sequence = 0;
  const build = (overrides: Partial<T> = {}, ...traits: Trait[]): T => {
    sequence += 1;
    let built = definition.defaults(sequence);
    for (const trait of traits) {
      const patch = definition.traits[trait];
      built = { ...built, ...(typeof patch === 'function' ? patch(built) : patch) };
    }
    return { ...built, ...overrides };
  };
  return {
    build,
    buildList: (count, overrides, ...traits) => Array.from({ length: count }, () => build(overrides, ...traits)),
    create: (db, overrides, ...traits) => definition.insert(db, build(overrides, ...traits)),
    async createList(db, count, overrides, ...traits) {
      const rows: Row[] = [];
      for (let i = 0; i < count; i += 1) rows.push(await definition.insert(db, build(overrides, ...traits)));
      return rows;
    },
  };
}
