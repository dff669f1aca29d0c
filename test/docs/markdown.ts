import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

/** A fenced code block of a Markdown file. */
export interface CodeBlock {
    /** Path relative to the repository root, e.g. `docs/identity.md`. */
    readonly file: string;
    /** 1-based line of the first line of code (after the opening fence). */
    readonly line: number;
    /** The fence's info string, e.g. `ts` or `bash`. */
    readonly lang: string;
    readonly code: string;
    /** The heading the block sits under. */
    readonly heading: string;
    /** `<!-- not compiled: reason -->` on the line right before the fence: the block is deliberately not compiled. */
    readonly notCompiledReason?: string;
}

/** The user documentation whose code is tested: the README and every page under docs/. */
export function documentationFiles(): string[] {
    const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`);
    return ["README.md", ...docs];
}

export function codeBlocks(file: string): CodeBlock[] {
    const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
    const blocks: CodeBlock[] = [];
    let heading = "";
    for (let i = 0; i < lines.length; i++) {
        const heading_ = /^#{1,6}\s+(.*)$/.exec(lines[i]);
        if (heading_) {
            heading = heading_[1].trim();
            continue;
        }
        const open = /^(\s*)(```+)\s*([^`]*)$/.exec(lines[i]);
        if (!open) {
            continue;
        }
        const [, indent, fence, info] = open;
        const start = i + 1;
        let end = start;
        while (end < lines.length && !lines[end].startsWith(`${indent}${fence}`)) {
            end++;
        }
        const marker = /<!--\s*not compiled:\s*(.*?)\s*-->/.exec(lines[i - 1] ?? "");
        blocks.push({
            file,
            line: start + 1,
            lang: info.trim().split(/\s+/)[0] ?? "",
            code: lines.slice(start, end).map((l) => l.slice(indent.length)).join("\n") + "\n",
            heading,
            notCompiledReason: marker?.[1],
        });
        i = end;
    }
    return blocks;
}

export const TYPESCRIPT_TAGS = new Set(["ts", "typescript"]);

export function isTypeScript(block: CodeBlock): boolean {
    return TYPESCRIPT_TAGS.has(block.lang);
}

/** Code that looks like TypeScript using this package but is not tagged as such (so it would escape the compiler). */
export function looksLikeUntaggedTypeScript(block: CodeBlock): boolean {
    return block.lang === "" && /^\s*import .* from "@(mlops-platform|pulumi)\//m.test(block.code);
}
