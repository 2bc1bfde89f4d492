#!/usr/bin/env node
// Fails when a project lacks a scope:* or type:* tag: an untagged project escapes every boundary rule.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const skip = new Set(['node_modules', '.git', '.nx', '.stack', 'dist', 'coverage']);

const findProjects = (dir) =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (skip.has(entry)) return [];
    if (statSync(path).isDirectory()) return findProjects(path);
    return entry === 'project.json' ? [path] : [];
  });

const problems = findProjects(root).flatMap((file) => {
  const { name, tags = [] } = JSON.parse(readFileSync(file, 'utf8'));
  const missing = ['scope:', 'type:'].filter((axis) => !tags.some((t) => t.startsWith(axis)));
  return missing.map((axis) => `${relative(root, file)} (${name}) has no ${axis}* tag`);
});

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('every project is tagged on both axes (scope:*, type:*)');
