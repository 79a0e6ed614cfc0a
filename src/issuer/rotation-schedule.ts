/**
 * Automatic rotation (`--rotate-every`): rotates when the current key has signed for the given
 * period. The deadline is computed from the key's activation time stored in the ring, so a
 * restart does not reset the clock and several issuer processes agree on when it is due.
 */
import type { KeyRing } from './keyring.js';
import { InvalidInputError } from '../errors.js';

/** setTimeout's ceiling (about 24.8 days); longer waits are re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RotationSchedule {
  stop(): void;
}

export function scheduleRotation(
  keyring: KeyRing,
  everySeconds: number,
  onRotate: (kid: string) => void = () => {},
): RotationSchedule {
  if (!(everySeconds > 0)) throw new InvalidInputError('rotation period must be positive');
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const current = keyring.current();
    const activatedAt = Date.parse(current.activatedAt ?? new Date().toISOString());
    const dueIn = activatedAt + everySeconds * 1000 - Date.now();
    if (dueIn <= 0) {
      const kid = keyring.rotate(undefined, current.kid);
      if (kid !== current.kid) onRotate(kid);
      arm();
      return;
    }
    timer = setTimeout(arm, Math.min(dueIn, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return { stop: () => clearTimeout(timer) };
}
