// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const baseConfig = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...baseConfig,
  // Editors render Grafana's real components; on a shared 2-core machine a test can take seconds.
  testTimeout: 60000,
  transform: {
    ...baseConfig.transform,
    // @grafana/ui 12.0.x resolves d3-color to an .mjs file, which the scaffold's pattern misses.
    '^.+\\.mjs$': baseConfig.transform['^.+\\.(t|j)sx?$'],
  },
};
