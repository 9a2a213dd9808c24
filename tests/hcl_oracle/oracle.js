#!/usr/bin/env node
// Runs HashiCorp's HCL parser (hcl2json via @cdktf/hcl2json) as the reference for faber's parser.
//   node oracle.js FILE...            prints {"path": json-or-{"error": msg}} for the files
//   node oracle.js --generate ROOT DEST FILE...   writes DEST/<relpath>.json per file (relative to ROOT);
//                                      a rejected file gets <relpath>.error holding the message.
const fs = require('fs');
const path = require('path');
const { parse } = require('@cdktf/hcl2json');

async function parseOne(file) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return { ok: true, json: await parse(path.basename(file), text) };
  } catch (e) {
    return { ok: false, error: String(e && e.message ? e.message : e) };
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--generate') {
    const [, root, dest, ...files] = args;
    for (const f of files) {
      const rel = path.relative(root, f);
      const r = await parseOne(f);
      const out = path.join(dest, rel);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      for (const ext of ['.json', '.error']) fs.rmSync(out + ext, { force: true });
      if (r.ok) fs.writeFileSync(out + '.json', JSON.stringify(r.json, null, 1) + '\n');
      else fs.writeFileSync(out + '.error', r.error + '\n');
    }
    return;
  }
  const result = {};
  for (const f of args) {
    const r = await parseOne(f);
    result[f] = r.ok ? r.json : { error: r.error };
  }
  process.stdout.write(JSON.stringify(result, null, 1) + '\n');
}
main().catch((e) => { console.error(e); process.exit(2); });
