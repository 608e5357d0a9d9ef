import { Chalk, supportsColor } from 'chalk';

/**
 * chalk for stdout: off when stdout is not a terminal (chalk's own detection) and when NO_COLOR is set to
 * anything but the empty string, which chalk does not check itself (https://no-color.org).
 */
export function colorsFor(env: NodeJS.ProcessEnv = process.env): InstanceType<typeof Chalk> {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return new Chalk({ level: noColor || !supportsColor ? 0 : supportsColor.level });
}
