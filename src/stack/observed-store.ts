/**
 * The Store as this node's services see it, with two hooks around it:
 * - after any write commits (every method that is not a read, `transaction` included), the
 *   node's read cache is invalidated at once — the node that made a change never serves the old
 *   value, while other nodes learn of it through the change feed;
 * - before the decision log is read, this node's decision writer flushes, and the read waits
 *   for the window of the other writers (other workers, other nodes), so a decision is found
 *   right after the call that made it, whichever node made it.
 */
import { readDecisionSettled, settleDecisions } from '../store/decision-window.js';
import type { DecisionRecord } from '../store/records.js';
import type { Store } from '../store/store.js';

export interface StoreHooks {
  afterWrite(): void;
  beforeDecisionRead(): Promise<void>;
}

const READ = /^(get|find|list|count)/;
/** Neither a read nor an IAM write: passed through untouched. */
const UNOBSERVED = new Set(['close', 'recordDecision', 'appendDecisions', 'newDecisionBatch', 'appendDecisionBatch']);

type Method = (...args: unknown[]) => unknown;

export function observedStore(store: Store, hooks: StoreHooks): Store {
  const wrapped = new Map<string, Method>();
  const wrap = (name: string, method: Method): Method => {
    if (name === 'getDecision') {
      return async (...args) => {
        await hooks.beforeDecisionRead();
        return readDecisionSettled(() => method.apply(store, args) as Promise<DecisionRecord | undefined>);
      };
    }
    if (name === 'listDecisions') {
      return async (...args) => {
        await Promise.all([hooks.beforeDecisionRead(), settleDecisions()]);
        return method.apply(store, args);
      };
    }
    if (READ.test(name) || UNOBSERVED.has(name)) return method.bind(store);
    return async (...args) => {
      try {
        return await method.apply(store, args);
      } finally {
        // Also after a failure: a statement may have committed before the error.
        hooks.afterWrite();
      }
    };
  };
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      let method = wrapped.get(property);
      if (method === undefined) {
        method = wrap(property, value as Method);
        wrapped.set(property, method);
      }
      return method;
    },
  });
}
