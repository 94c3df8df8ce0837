/** The parts of the platform one process can run (`gba start --only …`); all by default. */
export const PARTS = ['gateway', 'knowledge', 'exchange', 'consent', 'connectors'] as const;
export type Part = (typeof PARTS)[number];
