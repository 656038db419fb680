import { loadYaml } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Which metrics the monitoring overlay relies on, read from the overlay
 * itself (its alert rules and its dashboard), so that the list cannot drift
 * from what is deployed. A checkpoint compares it with what the running
 * controller serves on /metrics: an alert on a metric nobody exports never fires.
 */

/** The files whose PromQL is read, relative to this module. */
export const monitoringFiles = {
  rules: 'manifests/overlays/monitoring/prometheus-rule.yaml',
  dashboard: 'manifests/overlays/monitoring/dashboard.json',
} as const;

/** Series Prometheus makes itself for every target: referenced, but never exported by the controller. */
export const prometheusOwnMetrics: readonly string[] = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_series_added', 'scrape_samples_post_metric_relabeling'];

/** One PromQL expression and where it was found (for messages). */
export interface MonitoringQuery {
  file: string;
  /** An alert's name, or a dashboard panel's title and target refId. */
  where: string;
  expr: string;
}

/** Every PromQL expression in the alert rules and the dashboard, in file order. */
export function monitoringQueries(): MonitoringQuery[] {
  const rules = loadYaml<{ spec?: { groups?: { rules?: { alert?: string; record?: string; expr?: string }[] }[] } }>(read(monitoringFiles.rules));
  const queries: MonitoringQuery[] = [];
  for (const group of rules.spec?.groups ?? []) {
    for (const rule of group.rules ?? []) {
      if (rule.expr) queries.push({ file: monitoringFiles.rules, where: rule.alert ?? rule.record ?? '(rule)', expr: rule.expr });
    }
  }
  const dashboard = JSON.parse(read(monitoringFiles.dashboard)) as Panel;
  for (const panel of allPanels(dashboard)) {
    for (const target of panel.targets ?? []) {
      if (target.expr) queries.push({ file: monitoringFiles.dashboard, where: `${panel.title ?? '(panel)'} ${target.refId ?? ''}`.trim(), expr: target.expr });
    }
  }
  return queries;
}

/**
 * The metric names the controller must export for the alerts and the
 * dashboard to work: base names (a histogram's `_bucket`, `_sum` and
 * `_count` series count as the histogram), sorted, without Prometheus's own
 * series such as `up`.
 */
export function referencedMetricNames(): string[] {
  const names = new Set(monitoringQueries().flatMap((q) => metricNamesIn(q.expr)));
  for (const own of prometheusOwnMetrics) names.delete(own);
  return [...names].sort();
}

/**
 * The metric names in one PromQL expression, as base names. Not a full
 * PromQL parser, but enough for what the overlay writes: it skips strings,
 * label matchers `{…}`, ranges and subqueries `[…]`, the label lists of
 * `by`/`without`/`on`/`ignoring`/`group_left`/`group_right`, function calls,
 * keywords, numbers, durations and Grafana's `$variables`.
 */
export function metricNamesIn(expr: string): string[] {
  const token = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|\$\{[^}]*\}|\$\w+|\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y)\b|(?:0x[0-9a-f]+|\d+(?:\.\d*)?(?:e[+-]?\d+)?|\.\d+)|[A-Za-z_:][\w:]*|\S/gi;
  const tokens = expr.match(token) ?? [];
  const names = new Set<string>();
  let braces = 0;
  let brackets = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '{') braces++;
    else if (t === '}') braces--;
    else if (t === '[') brackets++;
    else if (t === ']') brackets--;
    if (braces > 0 || brackets > 0 || !/^[A-Za-z_:][\w:]*$/.test(t)) continue;
    const lower = t.toLowerCase();
    if (labelListKeywords.has(lower) && tokens[i + 1] === '(') {
      i = closingParen(tokens, i + 1); // skip the label list: its names are labels, not metrics
      continue;
    }
    if (tokens[i + 1] === '(' || keywords.has(lower)) continue; // a function call or an operator
    names.add(t.replace(/_(?:bucket|sum|count)$/, ''));
  }
  return [...names];
}

interface Panel {
  title?: string;
  targets?: { refId?: string; expr?: string }[];
  panels?: Panel[];
}

function allPanels(root: Panel): Panel[] {
  return (root.panels ?? []).flatMap((panel) => [panel, ...allPanels(panel)]);
}

const labelListKeywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const keywords = new Set([
  // binary operators and modifiers
  'and', 'or', 'unless', 'bool', 'offset', 'atan2', 'group_left', 'group_right', 'inf', 'nan',
  // aggregations, which may be followed by `by (…)` rather than by `(`
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio',
]);

function closingParen(tokens: string[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i] === '(') depth++;
    else if (tokens[i] === ')' && --depth === 0) return i;
  }
  return tokens.length;
}

function read(file: string): string {
  return readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
}
