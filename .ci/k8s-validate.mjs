// Offline schema check of Kubernetes manifests: every object of the given multi-document YAML files
// (or stdin, "-") is validated against the OpenAPI schema of its apiVersion/kind, from the pinned
// kubernetes-models packages in .ci/k8s (npm ci there first). A kind without a model fails: nothing
// passes unchecked. Prints "k8s: N passed, M failed"; exits 1 if anything failed.
//   kubectl kustomize k8s/overlays/prod | node .ci/k8s-validate.mjs -
import { readFileSync } from "node:fs";

const modules = new URL("./k8s/node_modules/", import.meta.url);
const { parseAllDocuments } = await import(new URL("yaml/dist/index.js", modules));
// API groups served by a package other than kubernetes-models (which has the built-in ones)
const packages = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

async function modelOf(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9.\/]+$/.test(apiVersion + kind)) {
    return null;
  }
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const pkg = packages[group] ?? "kubernetes-models";
  try {
    const module = await import(new URL(`${pkg}/${apiVersion}/${kind}.js`, modules));
    return module[kind] ?? null;
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND") return null;
    throw e;
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node .ci/k8s-validate.mjs FILE.yaml... (or - for stdin)");
  process.exit(2);
}
let passed = 0;
let failed = 0;
for (const file of files) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      console.log(`FAIL ${file}: YAML: ${doc.errors[0].message}`);
      failed++;
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue; // an empty document (a trailing ---)
    const name = `${object.apiVersion}/${object.kind} ${object.metadata?.name ?? "(no name)"}`;
    const Model = await modelOf(object.apiVersion, object.kind);
    if (Model == null) {
      console.log(`FAIL ${name}: unknown apiVersion/kind, no schema to check it against`);
      failed++;
      continue;
    }
    try {
      new Model(object).validate();
      passed++;
    } catch (e) {
      console.log(`FAIL ${name}: ${e.message.split("\n").slice(0, 5).join("; ")}`);
      failed++;
    }
  }
}
console.log(`k8s: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
