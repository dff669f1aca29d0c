// Regenerates the "who can read what" tables of docs/identity.md from the graphs the components register
// (`npm run docs:identity`). test/access/whoCanRead.test.ts fails when the file is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { identityTables, TABLE_END, TABLE_START } from "../test/access/whoCanRead";

export const IDENTITY_DOC = join(__dirname, "..", "docs", "identity.md");

/** docs/identity.md with its generated section replaced by `tables`. */
export function withTables(doc: string, tables: string): string {
    const start = doc.indexOf(TABLE_START);
    const end = doc.indexOf(TABLE_END);
    if (start < 0 || end < start) {
        throw new Error(`docs/identity.md has no generated section (${TABLE_START} ... ${TABLE_END})`);
    }
    return doc.slice(0, start) + tables + doc.slice(end + TABLE_END.length);
}

if (require.main === module) {
    void identityTables().then((tables) => {
        writeFileSync(IDENTITY_DOC, withTables(readFileSync(IDENTITY_DOC, "utf8"), tables));
        process.stdout.write("docs/identity.md: who-can-read-what tables regenerated\n");
    });
}
