// Finds the shell snippets users copy: fenced ```sh/```bash/```shell blocks in
// every README, and the example of `dagster-rocky --help`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface Snippet {
  /** Where it comes from, e.g. "packages/core/README.md:168". */
  readonly where: string;
  /** The snippet exactly as written (fence indentation removed). */
  readonly text: string;
  /** The Markdown heading the snippet is under (without its `#`s), or "" before the first. */
  readonly heading?: string;
}

/**
 * The root README's section whose shell blocks make a new app from the published packages
 * (`npm install @dagster-rocky/resource`): consumer.test.ts runs them, in a fresh folder, against
 * the packed tarballs; snippets.test.ts leaves them out.
 */
export const NEW_PROJECT_HEADING = "A new project";

/** README.md at the root, in packages/* and in examples/*. */
export function readmePaths(): string[] {
  const out = [join(ROOT, "README.md")];
  for (const group of ["packages", "examples"]) {
    for (const dir of readdirSync(join(ROOT, group)).sort()) {
      const path = join(ROOT, group, dir, "README.md");
      if (existsSync(path)) out.push(path);
    }
  }
  return out;
}

const SHELL_LANGS = new Set(["sh", "bash", "shell", "console", "zsh"]);

/** Every fenced block whose info string is a shell, with the fence's indentation removed. */
export function fencedBlocks(
  markdown: string,
  langs: ReadonlySet<string>,
): { line: number; text: string; heading: string; meta: string }[] {
  const lines = markdown.split("\n");
  const out: { line: number; text: string; heading: string; meta: string }[] = [];
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    const title = /^#{1,6}\s+(.*?)\s*$/.exec(lines[i] ?? "");
    if (title) heading = title[1] as string;
    // The info string: a language, then (optionally) words of ours, e.g. ```yaml rocky-resource.yaml
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)[ \t]*(.*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const [, indent = "", fence = "```", lang = "", meta = ""] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? "";
      if (l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, "") === "") break;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    if (langs.has(lang.toLowerCase()))
      out.push({ line: i + 1, text: `${body.join("\n")}\n`, heading, meta: meta.trim() });
    i = j;
  }
  return out;
}

export function readmeSnippets(): Snippet[] {
  return readmePaths().flatMap((path) =>
    fencedBlocks(readFileSync(path, "utf8"), SHELL_LANGS).map((b) => ({
      where: `${relative(ROOT, path)}:${b.line}`,
      text: b.text,
      heading: b.heading,
    })),
  );
}

/** The lines under "Example..." in a help text, dedented: the snippet `--help` shows. */
export function helpSnippets(help: string): Snippet[] {
  const lines = help.split("\n");
  const out: Snippet[] = [];
  lines.forEach((line, i) => {
    if (!/^Examples?\b.*:\s*$/.test(line)) return;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s+\S/.test(lines[j] ?? ""); j++) {
      body.push((lines[j] ?? "").replace(/^ {2}/, ""));
    }
    if (body.length > 0)
      out.push({ where: `dagster-rocky --help:${i + 1}`, text: `${body.join("\n")}\n` });
  });
  return out;
}
