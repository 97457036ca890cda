// Lints the workflows given as JSON on stdin ([{ name, text }]) and prints each one's problems as JSON.
// A file, not `node -e`: eval mode makes `fs` a global, which the Go runtime would use for asynchronous calls that
// deadlock a synchronous lint.
const { runLint } = require(process.argv[2]);
const workflows = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  const out = [];
  for (const w of workflows) out.push(await runLint(w.text, w.name));
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
