/**
 * argv helpers for verb modules. Every user value travels as `--flag=value`,
 * so a value that starts with `-` can never be parsed as a flag, and the
 * array goes to the OS as is: no shell is involved anywhere.
 */

/** Appends `--name=value` when the value is set. @internal */
export function opt(args: string[], name: string, value: string | number | undefined): void {
  if (value !== undefined) args.push(`--${name}=${value}`);
}

/** Appends `--name` when the switch is on. @internal */
export function sw(args: string[], name: string, on: boolean | undefined): void {
  if (on === true) args.push(`--${name}`);
}

/** Appends `--name=<JSON>` when the value is set. @internal */
export function json(args: string[], name: string, value: unknown): void {
  if (value !== undefined) args.push(`--${name}=${JSON.stringify(value)}`);
}
