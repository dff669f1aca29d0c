import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** A Pulumi project directory where `@mlops-platform/secrets` is installed as a user has it: compiled JavaScript, resolved by name. */
export interface InstalledProject {
    /** The project directory: the provider runs commands here (its cwd is the project's). */
    readonly dir: string;
    remove(): void;
}

const repo = resolve(__dirname, "../../..");

/**
 * Compiles the package (its build config, as `npm run build` does) into `node_modules/@mlops-platform/secrets` of a
 * fresh project, with the package.json that maps `@mlops-platform/secrets/rotation/postgres-cli` to the compiled file.
 * Only `pg` (a dependency the install would bring) is linked from this repository.
 */
export function installPackageLikeAUser(): InstalledProject {
    const dir = mkdtempSync(join(tmpdir(), "mlops-project-"));
    const pkg = join(dir, "node_modules", "@mlops-platform", "secrets");
    try {
        mkdirSync(pkg, { recursive: true });
        execFileSync(join(repo, "node_modules", ".bin", "tsc"), ["-p", join(repo, "tsconfig.build.json"), "--outDir", join(pkg, "dist")],
            { stdio: ["ignore", "pipe", "pipe"], timeout: 300_000 });
        copyFileSync(join(repo, "package.json"), join(pkg, "package.json"));
        symlinkSync(dirname(require.resolve("pg/package.json")), join(dir, "node_modules", "pg"));
    } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        const e = error as { stdout?: Buffer; message: string };
        throw new Error(`could not build the package: ${e.stdout?.toString() || e.message}`);
    }
    return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
