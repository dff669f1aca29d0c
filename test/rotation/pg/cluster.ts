import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scramSha256Verifier } from "../../../components/rotation/postgres/scramVerifier";

/** A throw-away PostgreSQL cluster reachable only through a unix socket in its own temp dir. */
export interface ThrowawayCluster {
    /** Directory of the unix socket: pass it as `host`. */
    readonly socketDir: string;
    readonly port: number;
    readonly adminUser: string;
    /** Random per cluster; the server only ever saw its SCRAM verifier. */
    readonly adminPassword: string;
    /** The server log (statement logging on): read it with `readLog`. */
    readonly logFile: string;
    readLog(): string;
    stop(): void;
}

const serverConfig = (socketDir: string, port: number): string =>
    [
        "listen_addresses = ''",
        `port = ${port}`,
        `unix_socket_directories = '${socketDir}'`,
        "password_encryption = 'scram-sha-256'",
        "log_statement = 'all'",
        "log_min_duration_statement = 0",
        "log_connections = on",
        "log_line_prefix = '%m [%p] %q%u@%d '",
        "max_connections = 60",
        // A throw-away cluster needs no durability; this keeps start-up and commits fast.
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
    ].join("\n") + "\n";

/** Every connection, the admin's included, must pass SCRAM-SHA-256: a wrong password really fails. */
const hbaConfig = "local all all scram-sha-256\n";

/** Finds the newest PostgreSQL server binaries in Debian's versioned folder; fails loudly when there are none. */
export function postgresBinDir(): string {
    const root = "/usr/lib/postgresql";
    const versions = existsSync(root)
        ? readdirSync(root)
              .filter((version) => existsSync(join(root, version, "bin", "initdb")))
              .sort((a, b) => Number(b) - Number(a))
        : [];
    if (versions.length === 0) {
        throw new Error(
            "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb). These tests need a real server: " +
                "install it with `apt-get update && apt-get install -y postgresql` (Debian/Ubuntu).",
        );
    }
    return join(root, versions[0], "bin");
}

/**
 * Creates, configures and starts a cluster (about a second). As root, the server runs as the `postgres` user,
 * because initdb refuses root; otherwise as the current user. The caller must call `stop()`.
 */
export function startThrowawayCluster(): ThrowawayCluster {
    const bin = postgresBinDir();
    const asRoot = process.getuid?.() === 0;
    const run = (program: string, args: string[], input?: string): void => {
        const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, program), ...args]] : [join(bin, program), args];
        execFileSync(file, argv, { input, stdio: ["pipe", "pipe", "pipe"], timeout: 30_000 });
    };

    const dir = mkdtempSync(join(tmpdir(), "mlops-pg-"));
    const dataDir = join(dir, "data");
    const logFile = join(dir, "server.log");
    const port = 5432;
    const adminUser = "postgres";
    const adminPassword = randomBytes(24).toString("base64url");
    try {
        if (asRoot) {
            const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
            const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
            chownSync(dir, uid, gid);
        }
        run("initdb", ["-D", dataDir, "-U", adminUser, "--auth=trust", "--encoding=UTF8", "--no-instructions"]);
        writeFileSync(join(dataDir, "postgresql.conf"), serverConfig(dir, port), { flag: "a" });
        writeFileSync(join(dataDir, "pg_hba.conf"), hbaConfig);
        // The admin password is set in single-user mode from stdin, as a verifier: it is in no file, argv or log.
        run("postgres", ["--single", "-D", dataDir, "postgres"], `ALTER ROLE ${adminUser} PASSWORD '${scramSha256Verifier(adminPassword)}'\n`);
        run("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "30", "start"]);
    } catch (error) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`could not start a throw-away PostgreSQL cluster: ${(error as Error).message}`);
    }
    return {
        socketDir: dir,
        port,
        adminUser,
        adminPassword,
        logFile,
        readLog: () => readFileSync(logFile, "utf8"),
        stop: () => {
            try {
                run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}
