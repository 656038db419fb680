/**
 * .github/workflows/classroom.yml: GitHub Classroom's autograding workflow.
 * Set-up once (Node, Go, the system packages, npm ci, the control plane,
 * cached between pushes in BARE_CACHE_DIR), then one command-grader step per stage and the
 * reporter that sends the points to Classroom.
 */
import type { ClassroomStep } from './steps.js';

/** YAML's double-quoted scalar: JSON's escaping is a subset of it. */
const q = (text: string) => JSON.stringify(text);

export function classroomWorkflow(steps: ClassroomStep[]): string {
  const graders = steps.flatMap((step) => [
    `      - name: ${q(step.name)}`,
    `        id: ${step.id}`,
    '        uses: classroom-resources/autograding-command-grader@v1',
    '        with:',
    `          test-name: ${q(step.name)}`,
    `          setup-command: ''`,
    `          command: ${q(step.command)}`,
    `          timeout: ${step.timeout}`,
    `          max-score: ${step.points}`,
  ]);
  const results = steps.map((step) => `          ${step.id.toUpperCase()}_RESULTS: "\${{ steps.${step.id}.outputs.result }}"`);
  return [
    '# Written by `npm run classroom` from the course description (scripts/course/course.ts). Do not edit: run it again.',
    'name: Autograding',
    'on:',
    '  push:',
    '  workflow_dispatch:',
    '  repository_dispatch:',
    'permissions:',
    '  checks: write',
    '  actions: read',
    '  contents: read',
    'jobs:',
    '  run-autograding-tests:',
    '    runs-on: ubuntu-latest',
    "    if: github.actor != 'github-classroom[bot]'",
    '    timeout-minutes: 120',
    '    env:',
    "      # One cache for the runner's user and for stage 8, which runs as root (sudo -E keeps this).",
    '      BARE_CACHE_DIR: ${{ github.workspace }}/../bare-controller-cache',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version-file: .nvmrc',
    '      - uses: actions/setup-go@v5',
    '        with:',
    "          go-version: '1.26'",
    '      - name: Cache the control plane built from Go modules',
    '        uses: actions/cache@v4',
    '        with:',
    '          path: ${{ github.workspace }}/../bare-controller-cache',
    "          key: bare-controller-${{ runner.os }}-${{ hashFiles('scripts/cluster/binaries.ts') }}",
    '      - name: System packages (the node, Docker)',
    '        run: sudo bash scripts/install-system-packages.sh',
    '      - run: npm ci --no-audit --no-fund',
    '      - name: Build the control plane (cached after the first run)',
    '        run: npm run control-plane:build',
    ...graders,
    '      - name: Autograding reporter',
    '        uses: classroom-resources/autograding-grading-reporter@v1',
    '        env:',
    ...results,
    '        with:',
    `          runners: ${steps.map((s) => s.id).join(',')}`,
    '',
  ].join('\n');
}
