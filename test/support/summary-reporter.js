// Prints one stable line CI can parse, whatever jest's own summary looks like.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numFailedTestSuites, numRuntimeErrorTestSuites } = results;
    process.stdout.write(
      `\nTests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests} skipped; ` +
        `suites failed: ${numFailedTestSuites} (runtime errors: ${numRuntimeErrorTestSuites})\n`,
    );
  }
}
module.exports = SummaryReporter;
