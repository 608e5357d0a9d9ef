import type { TrackingMode } from '@valkey-track/rules-data';
import { type ArgItem, isKnown } from '../analysis/static-args.js';

export interface TrackingState {
  on: boolean;
  mode: TrackingMode;
  /** BCAST prefixes; undefined when a PREFIX argument is not a literal the module shows. */
  prefixes: string[] | undefined;
  redirect: boolean;
  /** The REDIRECT id as the module shows it (an expression whose value is another connection's `CLIENT ID`). */
  redirectTo?: ArgItem;
  /** NOLOOP: the connection's own writes send it no invalidation. */
  noloop: boolean;
  /** False when some word the module does not show could change the mode. */
  certain: boolean;
}

/**
 * Reads `CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]`
 * (https://valkey.io/commands/client-tracking/). `words` start after `TRACKING`. Returns undefined when
 * the ON/OFF word itself is not known.
 */
export function parseTracking(words: readonly ArgItem[]): TrackingState | undefined {
  const first = words[0];
  if (first === undefined || !isKnown(first)) return undefined;
  const state: TrackingState = {
    on: first.toUpperCase() === 'ON',
    mode: 'default',
    prefixes: [],
    redirect: false,
    noloop: false,
    certain: true,
  };
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (!isKnown(word)) {
      state.prefixes = undefined;
      state.certain = false;
      continue;
    }
    switch (word.toUpperCase()) {
      case 'BCAST':
        state.mode = 'bcast';
        break;
      case 'OPTIN':
        state.mode = 'optin';
        break;
      case 'OPTOUT':
        state.mode = 'optout';
        break;
      case 'NOLOOP':
        state.noloop = true;
        break;
      case 'REDIRECT':
        state.redirect = true;
        state.redirectTo = words[++i];
        break;
      case 'PREFIX': {
        const prefix = words[++i];
        if (prefix !== undefined && isKnown(prefix)) state.prefixes?.push(prefix);
        else state.prefixes = undefined;
        break;
      }
      default:
        break;
    }
  }
  return state;
}
