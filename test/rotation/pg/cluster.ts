import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scramSha256Verifier } from "../../../components/rotation/postgres/scramVerifier";

/** How the cluster listens besides its unix socket. */
export interface ClusterOptions {
    /** Also listen on 127.0.0.1 (a free port), accepting only TLS there: a CA and a server certificate for `localhost` are made. */
    readonly tls?: boolean;
    /** Also listen on 127.0.0.1 without TLS (ssl = off). */
    readonly plainTcp?: boolean;
}

/** A throw-away PostgreSQL cluster reachable through a unix socket in its own temp dir (and TCP on 127.0.0.1 if asked). */
export interface ThrowawayCluster {
    /** Directory of the unix socket: pass it as `host`. */
    readonly socketDir: string;
    readonly port: number;
    /** With `tls`: PEM of the CA that signed the server's certificate (for `localhost` and 127.0.0.1). */
    readonly caPem?: string;
    readonly adminUser: string;
    /** Random per cluster; the server only ever saw its SCRAM verifier. */
    readonly adminPassword: string;
    /** The server log (statement logging on): read it with `readLog`. */
    readonly logFile: string;
    readLog(): string;
    /** Stops the server but keeps its data (the server is then unreachable); `startServer` brings it back. */
    stopServer(): void;
    startServer(): void;
    stop(): void;
}

const serverConfig = (socketDir: string, port: number, options: ClusterOptions): string =>
    [
        options.tls || options.plainTcp ? "listen_addresses = '127.0.0.1'" : "listen_addresses = ''",
        ...(options.tls ? ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"] : []),
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

/** Every connection, the admin's included, must pass SCRAM-SHA-256: a wrong password really fails. TCP only with TLS when TLS is on. */
const hbaConfig = (options: ClusterOptions): string =>
    "local all all scram-sha-256\n" +
    (options.tls ? "hostssl all all 127.0.0.1/32 scram-sha-256\n" : "") +
    (options.plainTcp ? "host all all 127.0.0.1/32 scram-sha-256\n" : "");

/** A port nothing listens on right now. */
function freePort(): number {
    const out = execFileSync(process.execPath, ["-e",
        "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"]);
    return Number(out.toString());
}

/** A CA and a server certificate for localhost / 127.0.0.1 signed by it, made with openssl into `dir`. */
function makeCertificates(dir: string): string {
    const ssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=mlops test CA");
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
    writeFileSync(join(dir, "san.ext"), "subjectAltName = DNS:localhost, IP:127.0.0.1\n");
    ssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
    return readFileSync(join(dir, "ca.crt"), "utf8");
}

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
export function startThrowawayCluster(options: ClusterOptions = {}): ThrowawayCluster {
    const bin = postgresBinDir();
    const asRoot = process.getuid?.() === 0;
    const run = (program: string, args: string[], input?: string): void => {
        const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, program), ...args]] : [join(bin, program), args];
        execFileSync(file, argv, { input, stdio: ["pipe", "pipe", "pipe"], timeout: 30_000 });
    };

    const dir = mkdtempSync(join(tmpdir(), "mlops-pg-"));
    const dataDir = join(dir, "data");
    const logFile = join(dir, "server.log");
    const port = options.tls || options.plainTcp ? freePort() : 5432;
    const adminUser = "postgres";
    const adminPassword = randomBytes(24).toString("base64url");
    let caPem: string | undefined;
    try {
        if (asRoot) {
            const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
            const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
            chownSync(dir, uid, gid);
        }
        run("initdb", ["-D", dataDir, "-U", adminUser, "--auth=trust", "--encoding=UTF8", "--no-instructions"]);
        writeFileSync(join(dataDir, "postgresql.conf"), serverConfig(dir, port, options), { flag: "a" });
        writeFileSync(join(dataDir, "pg_hba.conf"), hbaConfig(options));
        if (options.tls) {
            const certDir = mkdtempSync(join(tmpdir(), "mlops-pg-ca-"));
            try {
                caPem = makeCertificates(certDir);
                for (const file of ["server.crt", "server.key"]) {
                    writeFileSync(join(dataDir, file), readFileSync(join(certDir, file)), { mode: 0o600 });
                    if (asRoot) {
                        chownSync(join(dataDir, file), Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
                    }
                }
            } finally {
                rmSync(certDir, { recursive: true, force: true });
            }
        }
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
        caPem,
        adminUser,
        adminPassword,
        logFile,
        readLog: () => readFileSync(logFile, "utf8"),
        stopServer: () => run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]),
        startServer: () => run("pg_ctl", ["-D", dataDir, "-l", logFile, "-w", "-t", "30", "start"]),
        stop: () => {
            try {
                run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
        },
    };
}
