import { modelLine, packageLabel } from './format-your-libraries.js';
import type { YourLibraries } from './project/your-libraries.js';

/** The "Your project" section of the Markdown page, or nothing outside a project. */
export function yourLibrariesMarkdown(found: YourLibraries): string[] {
  if (found.packages.length === 0) return [];
  const out = ['## Your project', ''];
  for (const p of found.packages) {
    if (p.models.length === 0) out.push(`- ${packageLabel(p)}: this version has no client-side cache.`);
    for (const m of p.models) out.push(`- ${packageLabel(p)} → ${modelLine(m)}`);
  }
  return [...out, ''];
}
