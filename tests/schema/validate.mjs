// An independent check of katalog's JSON Schema: Ajv (draft 2020-12, with ajv-formats) compiles
// the schema in strict mode and validates documents with it.
//
// stdin:  {"schema": {...}, "documents": [{"name": "...", "data": {...}}, ...]}
// stdout: [{"name": "...", "valid": true|false, "errors": ["/path message", ...]}, ...]
// Exits 2 when the schema itself does not compile.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { schema, documents } = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(schema);
} catch (e) {
  console.error(`the schema does not compile: ${e.message}`);
  process.exit(2);
}
const results = documents.map(({ name, data }) => {
  const valid = validate(data);
  const errors = (validate.errors || []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  return { name, valid, errors };
});
process.stdout.write(JSON.stringify(results));
