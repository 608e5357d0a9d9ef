import type { FlowBuilder } from './builder.js';

/** A map kept for one module's analysis (one builder), made on first use and dropped with the builder. */
export function perBuilder<K, V>(): (b: FlowBuilder) => Map<K, V> {
  const maps = new WeakMap<FlowBuilder, Map<K, V>>();
  return (b) => {
    let map = maps.get(b);
    if (!map) {
      map = new Map();
      maps.set(b, map);
    }
    return map;
  };
}
