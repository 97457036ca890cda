/**
 * `cdktf-talos init-workflows [--force] [--dir <path>]`
 *
 * Writes the pull-request workflows this package ships (`templates/workflows/`) into a consumer repository's
 * `.github/workflows/`, and adds the npm scripts they call (`synth`, `preview`, `plan`) where `package.json` lacks them.
 * The workflows only call npm scripts, so this repository runs the very same files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, stringOption } from '../command';
import { packageRoot } from '../project';

/** The npm scripts the workflows call, as a consumer gets them. */
export const WORKFLOW_SCRIPTS: Readonly<Record<string, string>> = {
  synth: 'cdktf-talos synth',
  preview: 'cdktf-talos preview',
  plan: 'cdktf-talos plan',
};

/** The workflow templates this package ships: file name -> text. */
export function workflowTemplates(root: string = packageRoot()): Map<string, string> {
  const dir = path.join(root, 'templates', 'workflows');
  return new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.yml')).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** What `init-workflows` did to one file or script, for its report. */
export interface InitAction {
  readonly target: string;
  readonly action: 'written' | 'unchanged' | 'kept' | 'added' | 'note';
  readonly detail?: string;
}

/** Writes the workflows and scripts into the project at `dir`; returns what it did. Pure apart from the files. */
export function initWorkflows(dir: string, force: boolean, templates: Map<string, string> = workflowTemplates()): InitAction[] {
  const actions: InitAction[] = [];
  const manifestFile = path.join(dir, 'package.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} does not exist: run init-workflows in your project's root (where package.json and cdktf.json are)`);

  const workflows = path.join(dir, '.github', 'workflows');
  fs.mkdirSync(workflows, { recursive: true });
  for (const [name, text] of templates) {
    const target = path.join('.github', 'workflows', name);
    const file = path.join(dir, target);
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    if (current === text) actions.push({ target, action: 'unchanged' });
    else if (current !== undefined && !force) actions.push({ target, action: 'kept', detail: 'it differs from the template: compare them, or run again with --force to overwrite it' });
    else {
      fs.writeFileSync(file, text);
      actions.push({ target, action: 'written' });
    }
  }

  const raw = fs.readFileSync(manifestFile, 'utf8');
  const manifest = JSON.parse(raw) as { scripts?: Record<string, string> };
  const scripts = { ...(manifest.scripts ?? {}) };
  let changed = false;
  for (const [name, command] of Object.entries(WORKFLOW_SCRIPTS)) {
    const target = `package.json scripts.${name}`;
    if (scripts[name] === undefined) {
      scripts[name] = command;
      changed = true;
      actions.push({ target, action: 'added', detail: command });
    } else if (scripts[name] !== command) {
      actions.push({ target, action: 'kept', detail: `'${scripts[name]}' (the workflows call it; '${command}' is what they expect it to do)` });
    } else {
      actions.push({ target, action: 'unchanged' });
    }
  }
  if (scripts.test === undefined) {
    actions.push({ target: 'package.json scripts.test', action: 'note', detail: 'none: the workflow\'s test job runs `npm test --if-present`, so add your checks (e.g. tsc --noEmit, jest) as the test script' });
  } else if (/no test specified/.test(scripts.test)) {
    actions.push({ target: 'package.json scripts.test', action: 'note', detail: 'is npm init\'s placeholder, which always fails: replace it with your checks (e.g. tsc --noEmit)' });
  }
  if (changed) {
    const indent = /^(\s+)"/m.exec(raw)?.[1] ?? '  ';
    fs.writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, scripts }, null, indent)}${raw.endsWith('\n') ? '\n' : ''}`);
  }
  return actions;
}

export const initWorkflowsCommand: Command = {
  summary: 'write the pull-request workflows (test, offline preview, terraform plan, one PR comment) into this repository',
  usage: '[--force] [--dir <project root>]',
  description: [
    'Writes .github/workflows/pull-request.yml and pull-request-comment.yml, and adds the npm scripts they call',
    '(synth, preview, plan) to package.json where missing. Existing workflows that differ are kept unless --force.',
    'Then set the repository variable CDKTF_TALOS_BACKEND (and its settings) and the backend and Proxmox secrets to',
    'turn on the terraform plan job; the offline preview needs nothing.',
  ].join('\n'),
  options: {
    force: { type: 'boolean' },
    dir: { type: 'string' },
  },
  async run(values, _positionals, ctx) {
    const dir = path.resolve(ctx.cwd, stringOption(values, 'dir') ?? '.');
    const actions = initWorkflows(dir, values.force === true);
    for (const a of actions) ctx.stdout(`${a.action.padEnd(9)} ${a.target}${a.detail !== undefined ? `: ${a.detail}` : ''}\n`);
    return actions.some((a) => a.action === 'kept' && a.target.startsWith('.github')) ? 1 : 0;
  },
};
