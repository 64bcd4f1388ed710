// A web-test-runner config for `npm test`: the project's own config plus a reporter that writes
// the run's counts to $WTR_SUMMARY_FILE, so scripts/test.mjs can add them to its final line.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { defaultReporter } from '@web/test-runner';
import base from '../web-test-runner.config.mjs';

function summaryReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const summary = { passed: 0, failed: 0, skipped: 0, failures: [] };
      for (const session of sessions) {
        let failedHere = 0;
        const visit = (suite, path) => {
          for (const t of suite.tests ?? []) {
            const name = [...path, t.name].join(' > ');
            if (t.skipped) {
              summary.skipped += 1;
              summary.failures.push(`${name} (skipped: skips are not allowed)`);
            } else if (t.passed) summary.passed += 1;
            else {
              summary.failed += 1;
              failedHere += 1;
              summary.failures.push(`${name}${t.error?.message ? `: ${t.error.message.split('\n')[0]}` : ''}`);
            }
          }
          for (const child of suite.suites ?? []) visit(child, [...path, child.name]);
        };
        const testFile = relative(process.cwd(), session.testFile);
        if (session.testResults) visit(session.testResults, [testFile]);
        // A file that fails outside any test (an import error, a failing hook, a crash) counts once.
        if (!session.passed && failedHere === 0) {
          summary.failed += 1;
          const why = session.errors?.[0]?.message ?? session.logs?.flat?.().find?.((l) => /error/i.test(String(l))) ?? 'failed outside a test';
          summary.failures.push(`${testFile}: ${String(why).split('\n')[0]}`);
        }
      }
      if (file) writeFileSync(file, JSON.stringify(summary));
    },
  };
}

export default {
  ...base,
  reporters: [...(base.reporters ?? [defaultReporter()]), summaryReporter(process.env.WTR_SUMMARY_FILE)],
};
