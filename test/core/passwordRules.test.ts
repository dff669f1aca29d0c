import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ArgoAdminSecret, CloudProvider, GrafanaSecret, MinioRootSecret, MlflowDbSecret, PlatformSecret } from "../../components";
import { ProgramRun, runProgram } from "../harness";
import { only, RANDOM_PASSWORD } from "./runQueries";

const aws = { cloud: CloudProvider.Aws };
/** Letters, digits and `-._`: nothing a URL, an env file, YAML or a shell needs to escape. */
const URL_SAFE = /^[A-Za-z0-9._-]+$/;

describe("generated passwords honour each consumer's profile", () => {
    // Each in its own namespace and parameter prefix: two secrets writing one value would be refused as a collision.
    const own = (name: string) => ({ cloud: CloudProvider.Aws, aws: { parameterPrefix: `/${name}` }, namespace: name });
    const cases = [
        { name: "mlflow-db", length: 32, create: () => new MlflowDbSecret("mlflow-db", own("mlflow-db")) },
        { name: "minio-longest", length: 40, create: () => new MinioRootSecret("minio-longest", { ...own("minio-longest"), passwordLength: 40 }) },
        { name: "minio-shortest", length: 16, create: () => new MinioRootSecret("minio-shortest", { ...own("minio-shortest"), passwordLength: 16 }) },
        { name: "argocd-admin", length: 32, create: () => new ArgoAdminSecret("argocd-admin", own("argocd-admin")) },
        { name: "argocd-longest", length: 72, create: () => new ArgoAdminSecret("argocd-longest", { ...own("argocd-longest"), passwordLength: 72 }) },
        { name: "grafana-shortest", length: 16, create: () => new GrafanaSecret("grafana-shortest", { ...own("grafana-shortest"), passwordLength: 16 }) },
        { name: "generic-longest", length: 256, create: () => new PlatformSecret("generic-longest", {
            ...own("generic-longest"), app: "jupyterhub", valueName: "cookie-secret", passwordLength: 256 }) },
    ];
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(() => cases.forEach((c) => c.create()));
    });

    for (const c of cases) {
        test(`${c.name}: ${c.length} characters of letters, digits and -._ with every class present`, () => {
            const resource = only(run, RANDOM_PASSWORD, c.name);
            // What the real random provider is asked for.
            assert.deepEqual(
                { ...resource.inputs, keepers: undefined },
                { length: c.length, lower: true, upper: true, numeric: true, special: true, overrideSpecial: "-._",
                    minLower: 1, minUpper: 1, minNumeric: 1, keepers: undefined },
            );
            const component = run.resources.find((r) => r.name === c.name && r.rawOutputs?.password)!;
            const password: string = component.rawOutputs!.password.value;
            assert.equal(password.length, c.length);
            assert.match(password, URL_SAFE);
            assert.match(password, /[a-z]/);
            assert.match(password, /[A-Z]/);
            assert.match(password, /[0-9]/);
            assert.equal(encodeURIComponent(password), password, "goes into a connection URL as is");
        });
    }
});

describe("the bcrypt hash Argo CD receives verifies with Apache's htpasswd", () => {
    let password: string;
    let hash: string;
    let dir: string;
    let htpasswdFile: string;
    before(async () => {
        assert.equal(spawnSync("htpasswd", ["-h"]).error, undefined, "htpasswd is missing: apt-get install -y apache2-utils");
        const run = await runProgram(() => { new ArgoAdminSecret("argocd-admin", { ...aws, passwordLength: 72 }); });
        [password, hash] = run.cloud.generatedSecrets;
        assert.equal(only(run, "aws:ssm/parameter:Parameter", "argocd-admin-bcrypt").inputs.value, hash, "the hash checked is the one stored for ESO");
        dir = mkdtempSync(join(tmpdir(), "argocd-bcrypt-"));
        htpasswdFile = join(dir, "htpasswd");
        writeFileSync(htpasswdFile, `admin:${hash}\n`, { mode: 0o600 });
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    // The password goes to htpasswd on stdin (-i), never on its command line.
    const verify = (candidate: string) => spawnSync("htpasswd", ["-v", "-i", htpasswdFile, "admin"], { input: candidate, encoding: "utf8" });

    test("it is a $2a$ hash of cost 10, as Argo CD writes itself", () => {
        assert.match(hash, /^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    });

    test("the generated password verifies", () => {
        const result = verify(password);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stderr + result.stdout, /correct/);
    });

    test("a wrong password does not", () => {
        const wrong = password.slice(0, -1) + (password.endsWith("a") ? "b" : "a");
        const result = verify(wrong);
        assert.equal(result.status, 3);
        assert.match(result.stderr, /verification failed/);
    });

    test("bcrypt ignores bytes after the 72nd, which is why a longer Argo CD password is refused", () => {
        assert.equal(password.length, 72);
        assert.equal(verify(`${password}anything`).status, 0);
    });
});
