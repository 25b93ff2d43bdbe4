// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const baseConfig = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...baseConfig,
  transform: {
    ...baseConfig.transform,
    // @grafana/ui 12.0.x resolves d3-color to an .mjs file, which the scaffold's pattern misses.
    '^.+\\.mjs$': baseConfig.transform['^.+\\.(t|j)sx?$'],
  },
};
