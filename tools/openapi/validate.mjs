// Validates an OpenAPI document against the official 3.x JSON schemas with an independent validator
// (@seriousme/openapi-schema-validator, pinned in package.json). Usage: node tools/openapi/validate.mjs FILE
import { readFile } from "node:fs/promises";
import { Validator } from "@seriousme/openapi-schema-validator";

const file = process.argv[2];
if (!file) {
  console.error("usage: node tools/openapi/validate.mjs openapi.json");
  process.exit(2);
}

const validator = new Validator();
const result = await validator.validate(JSON.parse(await readFile(file, "utf8")));
if (!result.valid) {
  console.error(`${file}: not a valid OpenAPI ${validator.version} document`);
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}

const resolved = validator.resolveRefs();
console.log(`${file}: valid OpenAPI ${validator.version}, ${Object.keys(resolved.paths).length} paths`);
