// Validates every Kubernetes object in the YAML files of a folder against the official OpenAPI
// schemas (kubernetes-models), offline. Usage: node validate.mjs DIR
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseAllDocuments } from "yaml";

const directory = process.argv[2];
if (!directory) {
  console.error("usage: node validate.mjs DIR");
  process.exit(2);
}

let checked = 0;
const failures = [];
for (const file of (await readdir(directory)).filter((name) => name.endsWith(".yaml")).sort()) {
  for (const document of parseAllDocuments(await readFile(path.join(directory, file), "utf8"))) {
    const object = document.toJS();
    if (object.kind === "Kustomization") {
      continue;
    }

    try {
      // "apps/v1" -> kubernetes-models/apps/v1, "v1" -> kubernetes-models/v1; Prometheus Operator's kinds
      // (PodMonitor, PrometheusRule) against its own CRDs' schemas.
      const models = object.apiVersion.startsWith("monitoring.coreos.com/")
        ? await import(`@kubernetes-models/prometheus-operator/${object.apiVersion}/${object.kind}`)
        : await import(`kubernetes-models/${object.apiVersion}`);
      const Model = models[object.kind];
      if (!Model) {
        throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
      }
      new Model(object).validate();
      checked++;
    } catch (error) {
      failures.push(`${file}: ${object.kind}/${object.metadata?.name}: ${error.message}`);
    }
  }
}

for (const failure of failures) {
  console.error(failure);
}
console.log(`${checked} objects valid, ${failures.length} invalid`);
process.exit(failures.length === 0 && checked > 0 ? 0 : 1);
