import type { Compatibility } from '@ksb/contracts';
import { compileAvro } from '@ksb/wire';

export type Direction = 'backward' | 'forward';

/** Can a reader with schema `reader` read data written with `writer`? The avsc resolver decides. */
const canRead = (reader: unknown, writer: unknown): string | undefined => {
  try {
    compileAvro(reader).createResolver(compileAvro(writer));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

/** Backward: the new schema reads old data. Forward: old readers read new data. FULL needs both. */
export const directionsFor = (level: Compatibility): Direction[] =>
  level === 'FULL_TRANSITIVE' ? ['backward', 'forward'] : ['backward'];

export interface CompatibilityProblem {
  readonly against: string;
  readonly direction: Direction;
  readonly reason: string;
}

/**
 * Checks a candidate schema against every earlier version (transitive), in the directions the level
 * requires. Each problem names the version it breaks and why.
 */
export const checkCompatibility = (
  candidate: unknown,
  earlier: readonly { label: string; schema: unknown }[],
  level: Compatibility,
): CompatibilityProblem[] =>
  earlier.flatMap(({ label, schema }) =>
    directionsFor(level).flatMap((direction) => {
      const reason = direction === 'backward' ? canRead(candidate, schema) : canRead(schema, candidate);
      return reason ? [{ against: label, direction, reason }] : [];
    }),
  );
