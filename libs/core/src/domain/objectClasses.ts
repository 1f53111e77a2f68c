/**
 * The security-relevant object classes: what the detector keeps by default, what fast-path and
 * alert rules may name, and what the enrichment and analyzer reason about.
 */
export const SECURITY_CLASSES = ['person', 'car', 'truck', 'bus', 'motorcycle', 'bicycle', 'dog', 'cat', 'bird'] as const;
export type SecurityClass = (typeof SECURITY_CLASSES)[number];

/** Classes that carry a licence plate worth reading. */
export const VEHICLE_CLASSES: readonly SecurityClass[] = ['car', 'truck', 'bus', 'motorcycle'];

export function isSecurityClass(label: string): label is SecurityClass {
  return (SECURITY_CLASSES as readonly string[]).includes(label);
}
