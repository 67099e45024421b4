/**
 * Human labels for the twin's drop and loss reasons (sim-core/twin/frame.ts DROP_REASONS,
 * LOSS_REASONS) as the charts' legends show them. Unknown reasons keep their id, dashes as spaces.
 */

const DROP: Record<string, string> = {
  'queue-full': 'queue full',
  'buffer-full': 'buffer full',
  'no-route': 'no route',
  'no-replica': 'no replica up',
  'policy-denied': 'denied by policy',
  'storage-full': 'storage full',
  'load-shed': 'load shed',
  'buffer-evicted': 'evicted from buffer',
};

const LOSS: Record<string, string> = {
  'link-loss': 'lost on a lossy link',
  'link-down': 'lost: link down',
  'node-crash': 'lost: node crashed',
  'power-loss': 'lost: power failure',
};

/** "queue-full" → "queue full"; "node-crash" (a loss) → "lost: node crashed". */
export function reasonLabel(reason: string, kind: 'drop' | 'loss'): string {
  const known = kind === 'drop' ? DROP[reason] : LOSS[reason];
  if (known) return known;
  const plain = reason.replace(/-/g, ' ');
  return kind === 'loss' ? `lost: ${plain}` : plain;
}
