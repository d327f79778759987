import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './helpers/procs.js';
import { crossFeatureStoreImports, featureImportsOfApp, publicUiReachingStaffCode, violations } from './architecture/rules.js';

/** A small source tree in a temp dir: { 'shared/src/a.ts': 'text', … }. */
const trees: string[] = [];
function fixture(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arch-'));
  trees.push(root);
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  return root;
}
afterEach(() => {
  for (const t of trees.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

describe('architecture', () => {
  it('imports follow DESIGN.md: shared imports no other part, and nothing imports hub, counter-agent or kiosk-ui', () => {
    expect(violations(ROOT)).toEqual([]);
  });

  it('the check itself catches an import against the design', () => {
    const root = fixture({
      'shared/src/__probe.ts': "import { createHub } from '../../hub/src/app.js';\nexport const x = createHub;\n",
      'shared/src/ok.ts': "import { z } from 'zod';\nexport const y = z;\n",
      'hub/src/app.ts': "import { x } from '@onestop/shared';\nexport const createHub = x;\n",
      'kiosk-ui/src/main.ts': "import { createHub } from '../../hub/src/app.js';\n",
    });
    expect(violations(root).sort()).toEqual(['kiosk-ui/src/main.ts imports ../../hub/src/app.js (kiosk-ui → hub)', 'shared/src/__probe.ts imports ../../hub/src/app.js (shared → hub)']);
  });
});

describe('hub feature rules', () => {
  it("no feature imports the composition root (app.ts), and none reaches into another feature's store", () => {
    expect(featureImportsOfApp(ROOT)).toEqual([]);
    expect(crossFeatureStoreImports(ROOT)).toEqual([]);
  });

  it('a feature folder may not import app.ts; the files beside app.ts may', () => {
    const root = fixture({
      'hub/src/app.ts': "import { JobRunner } from './jobs/jobs.js';\n",
      'hub/src/main.ts': "import { createHub } from './app.js';\n",
      'hub/src/jobs/jobs.ts': "import type { Hub } from '../app.js';\n",
      'hub/src/demo/seed.ts': "const m = await import('../app.ts');\n",
      'hub/src/ratings/service.ts': "import { EventBus } from '../events.js';\n",
    });
    expect(featureImportsOfApp(root).sort()).toEqual(["hub/src/demo/seed.ts imports ../app.ts (demo → app)", 'hub/src/jobs/jobs.ts imports ../app.js (jobs → app)']);
  });

  it("a feature may import its own store but not another feature's store.ts or store/ folder", () => {
    const root = fixture({
      'hub/src/files/service.ts': "import { FileStore } from './store.js';\n",
      'hub/src/files/views/list.ts': "import { FileStore } from '../store.js';\n",
      'hub/src/retention/store.ts': "import { FileStore } from '../files/store.js';\nimport type { SmsRow } from '../sms/store/rows.js';\n",
      'hub/src/summary/build.ts': "import { RatingService } from '../ratings/service.js';\n",
      'hub/src/app.ts': "import { AuthStore } from './auth/store.js';\n",
    });
    expect(crossFeatureStoreImports(root).sort()).toEqual([
      "hub/src/retention/store.ts imports ../files/store.js (retention → files's store)",
      "hub/src/retention/store.ts imports ../sms/store/rows.js (retention → sms's store)",
    ]);
  });
});

describe('public pages', () => {
  it("the kiosk's and the display's code does not reach the staff app's pages or its whole catalogues", () => {
    expect(publicUiReachingStaffCode(ROOT)).toEqual([]);
  });

  it('the check catches a kiosk component taking the staff catalogue or a staff page', () => {
    const root = fixture({
      'kiosk-ui/src/kiosk/A.tsx': "import { useT } from '../i18n';\nimport { api } from '../api';\nimport { usePublicT } from '../i18n/public';\n",
      'kiosk-ui/src/ui/B.tsx': "import { StatsPanel } from '../admin/stats/StatsPanel';\n",
      'kiosk-ui/src/display/C.test.tsx': "import { vi } from '../i18n/vi';\n",
    });
    expect(publicUiReachingStaffCode(root).sort()).toEqual(["kiosk-ui/src/kiosk/A.tsx imports ../i18n", 'kiosk-ui/src/ui/B.tsx imports ../admin/stats/StatsPanel']);
  });
});
