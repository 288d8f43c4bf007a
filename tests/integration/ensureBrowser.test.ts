import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures';

/**
 * `npm test` on a fresh machine (issue 17, item 10): its pretest, tests/e2e/ensure-browser.sh, installs what the
 * browser tests need. The script runs for real here; what it would change on the machine (apt-get, who the user is,
 * which fonts there are) is answered by small stand-ins on its PATH, which record how they were called.
 */
function run(machine: { root: boolean; font: boolean; chromium: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'ensure-browser-'));
  const log = join(dir, 'apt-get.log');
  const stub = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  stub('apt-get', `echo "apt-get $*" >> ${log}`);
  stub('id', `echo ${machine.root ? 0 : 1000}`);
  stub('fc-list', machine.font ? "echo '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc: WenQuanYi Micro Hei:style=Regular'" : 'true');
  const chromium = join(dir, 'chromium');
  if (machine.chromium) stub('chromium', 'true');
  const r = spawnSync('sh', [join(ROOT, 'tests', 'e2e', 'ensure-browser.sh')], {
    encoding: 'utf8',
    env: { PATH: `${dir}:/usr/bin:/bin`, ...(machine.chromium ? { CHROMIUM_PATH: chromium } : {}) },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, aptGet: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
}

describe('the test command installs what the browser tests need', () => {
  it('with Chromium and the font there, it does nothing', () => {
    expect(run({ root: true, font: true, chromium: true })).toMatchObject({ code: 0, aptGet: [] });
  });

  it('as root with the font missing, it installs the font with apt-get', () => {
    const r = run({ root: true, font: false, chromium: true });
    expect(r.code).toBe(0);
    expect(r.aptGet).toEqual(['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends fonts-wqy-microhei']);
  });

  it('not as root, it installs nothing and says what to install, and the tests do not start', () => {
    const r = run({ root: false, font: false, chromium: true });
    expect(r.code).toBe(1);
    expect(r.aptGet).toEqual([]);
    expect(r.stderr).toContain('sudo apt-get install -y --no-install-recommends fonts-wqy-microhei');
  });

  it('npm test runs it first; .ci/run installs nothing and runs exactly the README’s test command', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.pretest).toBe('sh tests/e2e/ensure-browser.sh');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const testCommand = /^(npm test)\s+#/m.exec(readme)?.[1];
    expect(testCommand).toBe('npm test');
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    expect(ci.filter((l) => /apt-get|install/.test(l) && !/^npm ci\b/.test(l))).toEqual([]);
    expect(ci.slice(-3)).toEqual(['npm ci --no-audit --no-fund', 'npm run check', testCommand]);
  });
});
