import { UsageError } from '../util/usage-error.js';
import type { LiveClient } from './open-client.js';

/**
 * Runs one server call; on NOPERM, names the missing permission and how to grant it
 * (https://valkey.io/topics/acl/: `+<command>|<subcommand>` grants one subcommand), and, when there is
 * one, what to do without it.
 */
export async function withPermission<T>(
  live: LiveClient,
  permission: string,
  doing: string,
  work: () => Promise<T>,
  alternative?: string,
): Promise<T> {
  try {
    return await live.run(doing, work);
  } catch (error) {
    if (error instanceof UsageError && /NOPERM/.test(error.message)) {
      const user = live.target.username ?? 'default';
      throw new UsageError(
        `user "${user}" lacks the permission \`${permission}\` needed for ${doing}; grant it ` +
          `(ACL SETUSER ${user} ${permission})${alternative ? ` or ${alternative}` : ''}`,
      );
    }
    throw error;
  }
}
