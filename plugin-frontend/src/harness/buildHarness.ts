import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'fs';
import path from 'path';

/** The plugin folder (where package.json is). */
export const PLUGIN_ROOT = path.resolve(__dirname, '..', '..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestSource(full));
    } else if (!/\.test\.tsx?$/.test(entry.name) && !full.includes(`${path.sep}harness${path.sep}`)) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** Runs `npm run build` when dist/module.js is missing or older than the sources, so the page tests current code. */
export function ensurePluginBuilt(): string {
  const moduleJs = path.join(PLUGIN_ROOT, 'dist', 'module.js');
  if (!existsSync(moduleJs) || statSync(moduleJs).mtimeMs < newestSource(path.join(PLUGIN_ROOT, 'src'))) {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
      cwd: PLUGIN_ROOT,
      stdio: 'pipe',
      timeout: 300000,
    });
  }
  return moduleJs;
}

const grafanaCjs = (name: string) =>
  path.join(PLUGIN_ROOT, 'node_modules', '@grafana', name, 'dist', 'cjs', 'index.cjs');

/**
 * Bundles the harness page with Grafana's packages from node_modules. Their CommonJS builds are
 * used because the ES module builds of 12.0.x re-export names their files do not define.
 */
export function buildHarnessPage(outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const options = {
    entryPoints: [path.join(PLUGIN_ROOT, 'src', 'harness', 'page.tsx')],
    bundle: true,
    outdir: outDir,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    alias: {
      '@grafana/ui': grafanaCjs('ui'),
      '@grafana/data': grafanaCjs('data'),
      '@grafana/runtime': grafanaCjs('runtime'),
    },
    // The editors never open a code editor; leaving Monaco out (a lazy import) shrinks the bundle.
    external: ['monaco-editor', '@monaco-editor/react'],
    loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file' },
    logLevel: 'error',
  };
  // esbuild runs in its own Node process: its JS API refuses to start inside jest's jsdom realm.
  execFileSync(
    process.execPath,
    ['-e', "require('esbuild').buildSync(JSON.parse(process.argv[1]))", JSON.stringify(options)],
    {
      cwd: PLUGIN_ROOT,
      stdio: 'pipe',
      timeout: 300000,
    }
  );
  writeFileSync(
    path.join(outDir, 'index.html'),
    [
      '<!doctype html>',
      '<html lang="en"><head><meta charset="utf-8"><title>NetObs editors</title>',
      '<link rel="stylesheet" href="page.css"></head>',
      '<body><div id="root"></div><script src="page.js"></script></body></html>',
    ].join('\n')
  );
}
