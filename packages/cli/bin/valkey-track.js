#!/usr/bin/env node
// The `valkey-track` command. It lives outside dist/ so that a clone's `pnpm install` can link it before the
// first build (pnpm links no bin whose file is missing); the CLI itself is the compiled dist/bin.js.
import('../dist/bin.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write(
      'valkey-track: the CLI is not built yet: run `npm run demo` (or `npx -y pnpm@10.34.8 run build`) in the clone first\n',
    );
    process.exitCode = 2;
    return;
  }
  throw error;
});
