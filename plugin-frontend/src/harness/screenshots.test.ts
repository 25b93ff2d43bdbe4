import { getByLabelText, getByRole, getByText, queryByText } from '@testing-library/dom';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'fs';
import { JSDOM } from 'jsdom';
import path from 'path';
import { PNG } from 'pngjs';

import { buildHarnessPage, ensurePluginBuilt, PLUGIN_ROOT } from './buildHarness';
import { capturePage, findChromium } from './chromium';
import { HarnessServer, startHarnessServer } from './harnessServer';

/** Screenshots and DOM dumps land here, for people to look at after a run. */
const OUT = path.join(PLUGIN_ROOT, 'harness-out');
/** Window sizes that fit each editor without scrolling. */
const SIZES: Record<string, { width: number; height: number }> = {
  config: { width: 1280, height: 1500 },
  query: { width: 1280, height: 640 },
  code: { width: 1280, height: 640 },
};

interface Shot {
  png: PNG;
  document: Document;
}

/** Share of pixels that differ from the most common colour, and the number of distinct colours. */
function pixelStats(png: PNG) {
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const rgb = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
    counts.set(rgb, (counts.get(rgb) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  const total = png.width * png.height;
  return {
    foreground: (total - background) / total,
    colours: counts.size,
    backgroundRgb: [...counts].find(([, n]) => n === background)![0],
  };
}

describe('editors rendered from dist/module.js in headless Chromium', () => {
  const chromium = findChromium();
  let server: HarnessServer;
  const shots = new Map<string, Shot>();

  beforeAll(async () => {
    if (!chromium) {
      throw new Error(
        "chromium is not on PATH; install Debian's chromium package (apt-get install chromium) or set CHROMIUM_BIN"
      );
    }
    ensurePluginBuilt();
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    buildHarnessPage(path.join(OUT, 'page'));
    server = await startHarnessServer({
      '/harness/': path.join(OUT, 'page'),
      '/dist/': path.join(PLUGIN_ROOT, 'dist'),
      '/public/plugins/netobs-hubble-datasource/': path.join(PLUGIN_ROOT, 'dist'),
      '/public/img/icons/': path.join(PLUGIN_ROOT, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons'),
    });
    // One browser at a time: the machine has two cores.
    for (const view of ['config', 'query', 'code']) {
      const file = path.join(OUT, `${view}-editor.png`);
      const capture = await capturePage(chromium, `${server.url}/harness/index.html?view=${view}`, file, SIZES[view]);
      if (!existsSync(file)) {
        const log = capture.stderr.split('\n').filter((l) => !l.includes('dbus'));
        throw new Error(`chromium wrote no screenshot for ${view}:\n${log.join('\n')}`);
      }
      shots.set(view, {
        png: PNG.sync.read(readFileSync(file)),
        document: new JSDOM(capture.dom).window.document,
      });
    }
  }, 600000);

  afterAll(async () => {
    await server?.close();
  });

  it('loads the plugin bundle and every asset the page asks for', () => {
    for (const [view, { document }] of shots) {
      expect({ view, error: document.body.dataset.harnessError }).toEqual({ view, error: undefined });
      expect({ view, ready: document.body.dataset.harnessReady }).toEqual({ view, ready: 'true' });
    }
    // Grafana serves its Inter/Roboto fonts itself (they are not in the npm packages); the page falls back.
    const expected = (p: string) => p.startsWith('/public/fonts/') || p.endsWith('.map') || p === '/favicon.ico';
    expect(server.missing.filter((p) => !expected(p))).toEqual([]);
    expect(server.served).toContain('/dist/module.js');
    expect(server.served.some((p) => p.startsWith('/public/img/icons/'))).toBe(true);
  });

  it.each(['config', 'query', 'code'])('takes a full-size, non-blank screenshot of the %s view', (view) => {
    const { png } = shots.get(view)!;
    expect([png.width, png.height]).toEqual([SIZES[view].width, SIZES[view].height]);
    const stats = pixelStats(png);
    // Grafana's dark theme paints the page; text and controls must cover a real part of it.
    expect(stats.backgroundRgb).not.toBe(0xffffff);
    expect(stats.colours).toBeGreaterThan(50);
    expect(stats.foreground).toBeGreaterThan(0.02);
  });

  it('shows different content for different views', () => {
    const a = shots.get('config')!.png.data;
    const b = shots.get('query')!.png.data;
    let differing = 0;
    for (let i = 0; i < Math.min(a.length, b.length); i += 4) {
      if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) {
        differing++;
      }
    }
    expect(differing / (Math.min(a.length, b.length) / 4)).toBeGreaterThan(0.01);
  });

  it('renders the configuration editor with connection, TLS and limit controls', () => {
    const body = shots.get('config')!.document.body;
    expect(getByLabelText(body, /^Address/)).toHaveProperty('value', 'hubble-relay.kube-system.svc:443');
    expect(getByLabelText(body, 'Mutual TLS')).toHaveProperty('checked', true);
    expect(getByLabelText(body, /^CA certificate/)).toHaveProperty('value', 'configured');
    expect(getByLabelText(body, /^Client certificate/)).toHaveProperty('value', 'configured');
    expect(getByLabelText(body, /^Client key/)).toHaveProperty('value', '');
    expect(getByLabelText(body, /^Server name/)).toHaveProperty('value', 'instance.hubble-relay.cilium.io');
    expect(getByLabelText(body, /^Maximum flows per query/)).toHaveProperty('value', '10000');
    expect(getByText(body, 'Limits')).toBeTruthy();
  });

  it('renders the query editor builder with one row per flag', () => {
    const body = shots.get('query')!.document.body;
    expect(getByLabelText(body, 'Time series')).toHaveProperty('checked', true);
    for (let i = 1; i <= 4; i++) {
      expect(getByRole(body, 'group', { name: `Filter ${i}` })).toBeTruthy();
    }
    expect(getByText(getByRole(body, 'group', { name: 'Filter 2' }), 'Verdict')).toBeTruthy();
    expect(getByText(body, 'Source workload')).toBeTruthy();
    expect(getByText(body, 'Rate')).toBeTruthy();
  });

  it('renders the code editor with the backend error under the bad flag', () => {
    const body = shots.get('code')!.document.body;
    expect(getByLabelText(body, 'Filter flags')).toHaveProperty(
      'value',
      '--namespace pets --podd frontend --verdict DROPPED'
    );
    const alert = getByRole(body, 'alert');
    expect(alert.textContent).toContain("unknown flag '--podd' at position 17");
    expect(alert.querySelector('mark')?.textContent).toBe('--podd');
    expect(queryByText(body, 'The builder cannot show this filter')).toBeNull();
  });
});
