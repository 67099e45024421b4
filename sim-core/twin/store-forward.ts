/**
 * Store-and-forward buffers: a node that cannot route a message holds it (within its buffer
 * bytes) and retries when the topology heals; a full buffer drops by the node's policy
 * (newest, oldest, lowest priority).
 */
import { dropMessage, loseMessage } from './terminal.ts';
import type { TwinState } from './state.ts';
import { traceBuffer } from './message-events.ts';

/** Holds m in `node`'s store-and-forward buffer until a route returns; drops it when the buffer is full. */
export function bufferMessage(s: TwinState, m: number, node: number): void {
  const size = s.messages.table.sizeBytes[m]!;
  const capacity = s.model.nodes[node]?.bufferBytes ?? 0;
  if (!s.fabric.topology.isNodeUp(node)) { loseMessage(s, m, 'node-crash'); return; }
  if (capacity <= 0) { dropMessage(s, m, 'no-route'); return; }
  if (size > capacity) { dropMessage(s, m, 'buffer-full'); return; }
  const policy = s.model.nodes[node]!.bufferDrop;
  // Make room per the node's policy; 'newest' refuses the arriving message instead.
  while (s.buffers.usedBytes[node]! + size > capacity) {
    const victim = policy === 'newest' ? -1 : pickVictim(s, node, policy, m);
    if (victim < 0) { dropMessage(s, m, 'buffer-full'); return; }
    const queue = s.buffers.queues[node]!;
    queue.splice(queue.indexOf(victim), 1);
    s.buffers.usedBytes[node] -= s.messages.table.sizeBytes[victim]!;
    dropMessage(s, victim, 'buffer-evicted');
  }
  s.buffers.usedBytes[node] += size;
  s.buffers.queues[node]!.push(m);
  s.buffers.buffering.add(node);
  s.messages.table.node[m] = node;
  s.messages.counts.buffered++;
  if (s.messageEvents) traceBuffer(s, m, node);
}

/**
 * The held message a full buffer gives up for arriving message m: the oldest, or the one with
 * the lowest priority (oldest among equals) when it is not more important than m; -1 for none.
 */
function pickVictim(s: TwinState, node: number, policy: 'oldest' | 'lowest-priority', m: number): number {
  const queue = s.buffers.queues[node]!;
  if (queue.length === 0) return -1;
  if (policy === 'oldest') return queue[0]!;
  let victim = -1;
  for (const held of queue) {
    // priority codes: 0 high, 1 normal, 2 low — a larger code is less important.
    if (victim < 0 || s.messages.table.priority[held]! > s.messages.table.priority[victim]!) victim = held;
  }
  return s.messages.table.priority[victim]! >= s.messages.table.priority[m]! ? victim : -1;
}

/** Retries every buffered message (after the topology heals); `tryResend` returns false to keep one buffered. */
export function retryBuffers(s: TwinState, tryResend: (m: number, node: number) => boolean): void {
  if (s.buffers.buffering.size === 0) return;
  for (const node of [...s.buffers.buffering].sort((a, b) => a - b)) {
    const queue = s.buffers.queues[node]!;
    s.buffers.queues[node] = [];
    s.buffers.usedBytes[node] = 0;
    const keep: number[] = [];
    for (const m of queue) {
      if (!tryResend(m, node)) keep.push(m);
    }
    for (const m of keep) s.buffers.usedBytes[node] += s.messages.table.sizeBytes[m]!;
    s.buffers.queues[node] = keep;
    if (keep.length === 0) s.buffers.buffering.delete(node);
  }
}

/** Empties a node's buffer (crash), returning the messages it held. */
export function takeBuffer(s: TwinState, node: number): number[] {
  const out = s.buffers.queues[node]!;
  s.buffers.queues[node] = [];
  s.buffers.usedBytes[node] = 0;
  s.buffers.buffering.delete(node);
  return out;
}

