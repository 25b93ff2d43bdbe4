import { execFile } from 'child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'fs';
import os from 'os';
import path from 'path';

/** Finds Debian's chromium on PATH (or CHROMIUM_BIN); never downloads a browser. */
export function findChromium(): string | undefined {
  const override = process.env.CHROMIUM_BIN;
  if (override) {
    return override;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export interface Capture {
  dom: string;
  stderr: string;
}

/**
 * Loads a page in headless Chromium, writes a screenshot and returns the DOM after scripts ran.
 * Virtual time lets the page's timers (debounced validation) finish before the capture.
 */
export function capturePage(
  chromium: string,
  url: string,
  screenshot: string,
  size: { width: number; height: number }
): Promise<Capture> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'netobs-chromium-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-extensions',
    '--disable-sync',
    '--no-first-run',
    '--hide-scrollbars',
    `--user-data-dir=${profile}`,
    `--window-size=${size.width},${size.height}`,
    '--virtual-time-budget=15000',
    `--screenshot=${screenshot}`,
    '--dump-dom',
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile(chromium, args, { timeout: 120000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) {
        reject(new Error(`${chromium} failed for ${url}: ${error.message}\n${stderr}`));
      } else {
        resolve({ dom: stdout, stderr });
      }
    });
  });
}
