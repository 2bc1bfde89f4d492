/** Valid on the given ISO date (inclusive from, exclusive to). */
export const isValidOn = (entry: { validFrom: string; validTo?: string }, date: string): boolean =>
  entry.validFrom <= date && (entry.validTo === undefined || date < entry.validTo);
