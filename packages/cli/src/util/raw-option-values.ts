/**
 * The values of a repeatable string option exactly as typed: cac's parser turns numeric-looking values into
 * numbers (`--prefix ''` into 0, `--prefix 007` into 7), which a key prefix must never be. Reads
 * `--name value` and `--name=value` up to a `--` that ends the options; undefined when the option is absent.
 */
export function rawOptionValues(argv: readonly string[], name: string): string[] | undefined {
  const flag = `--${name}`;
  const values: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === flag && i + 1 < argv.length) values.push(argv[++i]!);
    else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
  }
  return values.length > 0 ? values : undefined;
}
