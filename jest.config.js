// All unit-test projects in one jest run (fast, one summary). Broker tests live in test/jest.config.js.
const { readdirSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const projectDirs = (base) =>
  existsSync(join(__dirname, base))
    ? readdirSync(join(__dirname, base), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => {
          const dir = join(base, d.name);
          return existsSync(join(__dirname, dir, 'jest.config.js')) ? [dir] : projectDirs(dir);
        })
    : [];

module.exports = {
  projects: [...projectDirs('apps'), ...projectDirs('libs')].map((dir) => `<rootDir>/${dir}/jest.config.js`),
};
