import type { TrackingMode } from '@valkey-track/rules-data';

/** What the log has told us about one connection, keyed by the address MONITOR prints. */
export interface ClientState {
  address: string;
  /** The address bytes, to tell hash collisions apart. */
  bytes: Uint8Array;
  tracking: boolean;
  mode: TrackingMode;
  prefixes: string[];
  /** Index of (mode, prefixes) in the `ModeRegistry`, for caching verdicts per mode. */
  modeId: number;
  /** `CLIENT CACHING yes|no` applies to the next command only (or to the next MULTI ... EXEC). */
  caching: 'yes' | 'no' | undefined;
  inMulti: boolean;
  /** The client's tracking was assumed (`--tracking-clients`, `CLIENT LIST`), not seen in the log. */
  assumed: boolean;
}

/** Gives every distinct (mode, prefixes) a small integer, so verdict caches can be arrays. */
export class ModeRegistry {
  private readonly ids = new Map<string, number>();
  readonly modes: { mode: TrackingMode; prefixes: string[] }[] = [];

  id(mode: TrackingMode, prefixes: string[]): number {
    const key = `${mode}\0${prefixes.join('\0')}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.modes.length;
      this.ids.set(key, id);
      this.modes.push({ mode, prefixes: [...prefixes] });
    }
    return id;
  }

  describe(id: number): string {
    const m = this.modes[id]!;
    return m.prefixes.length > 0 ? `${m.mode} ${m.prefixes.map((p) => `PREFIX ${p}`).join(' ')}` : m.mode;
  }
}

export function newClientState(address: string, bytes: Uint8Array, modes: ModeRegistry): ClientState {
  return {
    address,
    bytes,
    tracking: false,
    mode: 'default',
    prefixes: [],
    modeId: modes.id('default', []),
    caching: undefined,
    inMulti: false,
    assumed: false,
  };
}

/**
 * Applies `CLIENT TRACKING ...` as the server does (valkey `src/networking.c`, `clientTrackingCommand`):
 * a command the server rejects (PREFIX without BCAST, OPTIN with OPTOUT, switching mode while on) is still
 * logged by MONITOR but changes nothing.
 */
export function applyClientTracking(state: ClientState, argv: string[], modes: ModeRegistry): void {
  const onOff = argv[2]?.toLowerCase();
  if (onOff === 'off') {
    state.tracking = false;
    state.prefixes = [];
    state.mode = 'default';
    state.modeId = modes.id('default', []);
    state.caching = undefined;
    return;
  }
  if (onOff !== 'on') return;
  let bcast = false;
  let optin = false;
  let optout = false;
  const prefixes: string[] = [];
  for (let i = 3; i < argv.length; i++) {
    const option = argv[i]!.toLowerCase();
    if (option === 'bcast') bcast = true;
    else if (option === 'optin') optin = true;
    else if (option === 'optout') optout = true;
    else if (option === 'prefix' || option === 'redirect') {
      if (i + 1 >= argv.length) return;
      if (option === 'prefix') prefixes.push(argv[i + 1]!);
      i++;
    } else if (option !== 'noloop') return;
  }
  if ((optin && optout) || (bcast && (optin || optout)) || (prefixes.length > 0 && !bcast)) return;
  const mode: TrackingMode = bcast ? 'bcast' : optin ? 'optin' : optout ? 'optout' : 'default';
  if (state.tracking && state.mode !== mode) return;
  const all = state.tracking && mode === 'bcast' ? [...new Set([...state.prefixes, ...prefixes])] : prefixes;
  state.tracking = true;
  state.mode = mode;
  state.prefixes = all;
  state.modeId = modes.id(mode, all);
  state.assumed = false;
}

/** `CLIENT CACHING yes|no`: only meaningful in OPTIN (yes) and OPTOUT (no) mode. */
export function applyClientCaching(state: ClientState, argv: string[]): void {
  const value = argv[2]?.toLowerCase();
  if (!state.tracking) return;
  if (value === 'yes' && state.mode === 'optin') state.caching = 'yes';
  else if (value === 'no' && state.mode === 'optout') state.caching = 'no';
}

/** Whether this client's next read is cached under CLIENT TRACKING at all. */
export function cachesNextRead(state: ClientState): boolean {
  if (!state.tracking) return false;
  if (state.mode === 'optin') return state.caching === 'yes';
  if (state.mode === 'optout') return state.caching !== 'no';
  return true;
}
