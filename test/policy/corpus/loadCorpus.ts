import * as fs from "node:fs";
import * as path from "node:path";
import { CorpusCase, CorpusClass, isCorpusClass } from "./corpusCase";

/** Files in this folder that are not classes (helpers shared by class files start with `_`). */
const NOT_CLASSES = new Set(["corpusCase.ts", "index.ts", "loadCorpus.ts"]);
const isHelper = (file: string) => file.startsWith("_");

/** A class with the file it came from (`kubernetesSecrets`), the key its rows are sorted and linked by. */
export interface LoadedClass extends CorpusClass {
    readonly file: string;
}

/**
 * Every class of the corpus: each `*.ts` file of `test/policy/corpus/` (other than the helpers) contributes the
 * `CorpusClass` objects it exports, and its exported `CorpusCase` arrays as one class named after the file.
 * Sorted by file name, so the doc's table order does not depend on the file system.
 */
export function loadCorpus(dir: string = __dirname): LoadedClass[] {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !NOT_CLASSES.has(f) && !isHelper(f)).sort();
    const classes: LoadedClass[] = [];
    for (const file of files) {
        const name = file.slice(0, -".ts".length);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported: Record<string, unknown> = require(path.join(dir, file));
        const looseCases: CorpusCase[] = [];
        for (const value of Object.values(exported)) {
            if (isCorpusClass(value)) {
                classes.push({ ...value, file: name });
            } else if (Array.isArray(value) && value.every((c) => typeof c?.title === "string" && typeof c?.program === "function")) {
                looseCases.push(...value);
            }
        }
        if (looseCases.length > 0) {
            classes.push({ title: name, description: "", cases: looseCases, file: name });
        }
    }
    const titles = new Set<string>();
    for (const c of classes) {
        for (const kase of c.cases) {
            const key = `${c.title} / ${kase.title}`;
            if (titles.has(key)) {
                throw new Error(`corpus: two cases titled "${key}"`);
            }
            titles.add(key);
        }
    }
    return classes;
}
