// Validates GraphQL documents against GitHub's published schema
// (@octokit/graphql-schema) and GitHub's resource limits: every connection
// asks for `first` or `last` between 1 and 100, and a call may ask for at
// most 500,000 nodes (the sum, over every connection, of the product of the
// first/last values along its path). Prints each document's node count and
// rate-limit cost (requests needed to fill each connection / 100, at least 1).
//
// Usage: node check.mjs DOCUMENTS.json, where the file holds
// [{name, text, variables}]. Exit 0 when every document passes, 1 otherwise.
import { readFileSync } from "node:fs";
import { schema as published } from "@octokit/graphql-schema";
import {
  buildClientSchema, parse, validate, TypeInfo, visit, visitWithTypeInfo,
  getNamedType, Kind,
} from "graphql";

// The introspection form: the SDL of some releases defines a field twice.
const schema = buildClientSchema(published.json);
const NODE_LIMIT = 500000;

function argValue(node, variables) {
  if (!node) return undefined;
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}

// Walks the operation with fragments expanded; returns {nodes, requests, problems}.
function count(doc, variables) {
  const fragments = new Map();
  for (const def of doc.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  let nodes = 0;
  let requests = 0;
  const problems = [];
  const typeInfo = new TypeInfo(schema);
  // Collect, per field node, its parent type by a typed visit first.
  const fieldTypes = new Map();
  visit(doc, visitWithTypeInfo(typeInfo, {
    Field(node) {
      const t = typeInfo.getType();
      if (t) fieldTypes.set(node, getNamedType(t).name);
    },
  }));
  function walk(selectionSet, multiplier, path) {
    if (!selectionSet) return;
    for (const sel of selectionSet.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        walk(fragments.get(sel.name.value).selectionSet, multiplier, path);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        walk(sel.selectionSet, multiplier, path);
      } else {
        const name = sel.alias ? sel.alias.value : sel.name.value;
        const typeName = fieldTypes.get(sel) || "";
        const first = sel.arguments.find((a) => a.name.value === "first");
        const last = sel.arguments.find((a) => a.name.value === "last");
        const limit = argValue(first?.value, variables) ?? argValue(last?.value, variables);
        const here = `${path}.${name}`;
        if (typeName.endsWith("Connection")) {
          if (limit === undefined) {
            problems.push(`${here}: a connection without first or last`);
            walk(sel.selectionSet, multiplier, here);
            continue;
          }
          if (!(limit >= 1 && limit <= 100)) problems.push(`${here}: first/last ${limit} is not within 1..100`);
          requests += multiplier;
          nodes += multiplier * limit;
          walk(sel.selectionSet, multiplier * limit, here);
        } else {
          walk(sel.selectionSet, multiplier, here);
        }
      }
    }
  }
  walk(op.selectionSet, 1, op.name ? op.name.value : "query");
  return { nodes, requests, problems };
}

const documents = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
console.log("document".padEnd(22) + "nodes".padStart(10) + "cost".padStart(7) + "  verdict");
for (const { name, text, variables } of documents) {
  const problems = [];
  let nodes = 0;
  let cost = 0;
  try {
    const doc = parse(text);
    for (const e of validate(schema, doc)) problems.push(e.message);
    if (problems.length === 0) {
      const counted = count(doc, variables || {});
      nodes = counted.nodes;
      cost = Math.max(1, Math.round(counted.requests / 100));
      problems.push(...counted.problems);
      if (nodes > NODE_LIMIT) problems.push(`${nodes} nodes is over GitHub's limit of ${NODE_LIMIT}`);
    }
  } catch (e) {
    problems.push(String(e.message || e));
  }
  const verdict = problems.length ? "REFUSED" : "ok";
  console.log(name.padEnd(22) + String(nodes).padStart(10) + String(cost).padStart(7) + "  " + verdict);
  for (const p of problems) console.log(`  ${name}: ${p}`);
  if (problems.length) failed += 1;
}
process.exit(failed ? 1 : 0);
