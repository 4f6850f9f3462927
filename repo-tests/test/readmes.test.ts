// What the READMEs promise about the packages, checked against the packages:
// - a packaged README (it ships in the tarball) links nothing outside its package by a relative
//   path, which breaks once installed: links into this repository are absolute GitHub URLs, and
//   each names a file or folder that exists here;
// - every statement of a package's runtime dependencies (root README and the package's own) names
//   exactly the package's `dependencies`;
// - every example has a README that says how to run it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./snippets.js";

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  repository?: { url?: string };
}

const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;
const PACKAGES = readdirSync(join(ROOT, "packages"))
  .sort()
  .map((d) => `packages/${d}`)
  .filter((d) => existsSync(join(ROOT, d, "package.json")) && !manifestOf(d).private);
const EXAMPLES = readdirSync(join(ROOT, "examples"))
  .sort()
  .map((d) => `examples/${d}`)
  .filter((d) => existsSync(join(ROOT, d, "package.json")));
const readme = (dir: string) => readFileSync(join(ROOT, dir, "README.md"), "utf8");

/** The repository's GitHub URL, from the packages' `repository.url`. */
const REPO_URL = (manifestOf("packages/resource").repository?.url ?? "")
  .replace(/^git\+/, "")
  .replace(/\.git$/, "");

/** Link targets of a Markdown text: inline `[x](target)`, images, and reference definitions. */
function linkTargets(markdown: string): string[] {
  // Code spans and fenced blocks hold no links.
  const text = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1] as string,
  );
  const refs = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map(
    (m) => m[1] as string,
  );
  return [...inline, ...refs];
}

describe("a packaged README links nothing outside its package by a relative path", () => {
  it("the repository URL is known", () => {
    expect(REPO_URL).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
  });

  it.each(PACKAGES)("%s/README.md", (dir) => {
    const targets = linkTargets(readme(dir));
    expect(targets.length).toBeGreaterThan(0);
    const leaving: string[] = [];
    const missing: string[] = [];
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        // Absolute: a link into this repository names something that exists here.
        const into = new RegExp(`^${REPO_URL.replace(/[.]/g, "\\.")}/(?:blob|tree)/main/([^#?]+)`);
        const path = into.exec(target)?.[1];
        if (path !== undefined && !existsSync(join(ROOT, decodeURIComponent(path))))
          missing.push(target);
        continue;
      }
      if (target.startsWith("#")) continue;
      const path = resolve(ROOT, dir, decodeURIComponent(target.split("#")[0] as string));
      if (relative(join(ROOT, dir), path).startsWith("..")) leaving.push(target);
      else if (!existsSync(path)) missing.push(target);
    }
    expect(leaving, `relative links leaving ${dir} (use ${REPO_URL}/blob/main/...)`).toEqual([]);
    expect(missing, "links to nothing").toEqual([]);
  });
});

/**
 * The package a "runtime dependencies" statement of the root README is about: the
 * `@dagster-rocky/x` the paragraph or list item containing it names first.
 */
function rootStatements(): { pkg: string; sentence: string }[] {
  const text = readFileSync(join(ROOT, "README.md"), "utf8");
  const out: { pkg: string; sentence: string }[] = [];
  for (const block of text.split(/\n(?=- |\n)/)) {
    const pkg = /@dagster-rocky\/[\w-]+/.exec(block)?.[0];
    for (const sentence of statementsIn(block)) {
      expect(pkg, `the package of "${sentence}"`).toBeDefined();
      out.push({ pkg: pkg as string, sentence });
    }
  }
  return out;
}

/** Each clause that states runtime dependencies ("runtime dependencies ...", "no dependencies"). */
function statementsIn(text: string): string[] {
  const flat = text.replace(/\s+/g, " ");
  return [
    ...flat.matchAll(
      /[^.;]*\b(?:runtime dependenc(?:y|ies)|no (?:runtime )?dependenc(?:y|ies))\b[^;]*?(?:;|\.(?=\s|$)|$)/gi,
    ),
  ].map((m) => m[0].trim());
}

/** Backticked names in a statement that are npm packages (installed here, or this workspace's). */
function packagesNamed(sentence: string): string[] {
  const workspace = new Set(PACKAGES.map((d) => manifestOf(d).name));
  return [...sentence.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1] as string)
    .filter(
      (name) =>
        workspace.has(name) ||
        existsSync(join(ROOT, "node_modules/.pnpm/node_modules", name, "package.json")),
    );
}

describe("every statement of a package's runtime dependencies names exactly its dependencies", () => {
  const statements = [
    ...rootStatements().map((s) => ({ ...s, where: "README.md" })),
    ...PACKAGES.flatMap((dir) =>
      statementsIn(readme(dir)).map((sentence) => ({
        pkg: manifestOf(dir).name,
        sentence,
        where: `${dir}/README.md`,
      })),
    ),
  ];

  it("each publishable package's README states them", () => {
    for (const dir of PACKAGES) {
      const name = manifestOf(dir).name;
      expect(
        statements.some((s) => s.pkg === name && s.where === `${dir}/README.md`),
        name,
      ).toBe(true);
    }
  });

  it.each(statements.map((s) => [`${s.where}: ${s.pkg}`, s] as const))("%s", (_, s) => {
    const dir = PACKAGES.find((d) => manifestOf(d).name === s.pkg) as string;
    const deps = Object.keys(manifestOf(dir).dependencies ?? {}).sort();
    const peers = Object.keys(manifestOf(dir).peerDependencies ?? {});
    if (/\bno (runtime )?dependenc/i.test(s.sentence)) {
      expect(deps, s.sentence).toEqual([]);
      return;
    }
    // A peer may be named beside them when the sentence says it is one.
    const named = packagesNamed(s.sentence).filter(
      (n) => !(peers.includes(n) && new RegExp(`\`${n}\`[^,.;]*\\bpeer\\b`).test(s.sentence)),
    );
    expect([...new Set(named)].sort(), s.sentence).toEqual(deps);
  });
});

describe("a README's headings are unique (one section per subject, anchors that resolve)", () => {
  const readmes = [
    "README.md",
    ...[...PACKAGES, ...EXAMPLES]
      .filter((d) => existsSync(join(ROOT, d, "README.md")))
      .map((d) => `${d}/README.md`),
  ];
  it.each(readmes)("%s", (path) => {
    const text = readFileSync(join(ROOT, path), "utf8").replace(/```[\s\S]*?```/g, "");
    const headings = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => (m[1] as string).trim());
    expect(headings.filter((h, i) => headings.indexOf(h) !== i)).toEqual([]);
  });
});

describe("every example has a README that says what it shows and how to run it", () => {
  it.each(EXAMPLES)("%s/README.md", (dir) => {
    expect(existsSync(join(ROOT, dir, "README.md")), `${dir} has no README.md`).toBe(true);
    const text = readme(dir);
    expect(text).toMatch(/^# .+/);
    expect(text).toMatch(/^## Run it$/m);
    // The command: this example's start (or its built main), from the root or its folder.
    expect(text).toMatch(
      new RegExp(
        `pnpm -C ${dir} start|pnpm start|node ${dir}/dist/main\\.js`.replace(/\//g, "\\/"),
      ),
    );
    // What you see.
    expect(text).toMatch(/```text\n/);
    expect(dirname(join(ROOT, dir))).toBe(join(ROOT, "examples"));
  });
});
