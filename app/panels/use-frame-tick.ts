/**
 * Re-renders a panel a few times a second while new frames arrive (panels show live numbers;
 * the scene reads every frame in useFrame instead). Returns the frame holder's version.
 */
import { startTransition, useEffect, useState } from 'react';
import { frames } from '../app-context.ts';

/** The frame version, refreshed at most every `everyMs` (default 250 ms). */
export function useFrameTick(everyMs = 250): number {
  const [version, setVersion] = useState(frames.version);
  useEffect(() => {
    // A transition: panels refresh in interruptible renders, never blocking the main thread.
    const id = setInterval(() => { if (frames.version !== version) startTransition(() => setVersion(frames.version)); }, everyMs);
    return () => clearInterval(id);
  }, [everyMs, version]);
  return version;
}
