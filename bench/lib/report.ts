import type { LoadResult } from './load';
import { ratiosTo, type Measurements } from './side-by-side';

/** A target of the product design (the list is in `bench/run.ts`) and the figure measured for it. */
export interface TargetCheck {
  name: string;
  /** null when the figure could not be measured (e.g. the frontend is not built). */
  value: number | null;
  unit: string;
  /** `max`: the value must stay below the limit; `atMost`: at or below it; `min`: at or above it. */
  kind: 'max' | 'atMost' | 'min';
  limit: number;
  /** Why there is no value, when there is none. */
  note?: string;
}

export type Verdict = 'met' | 'MISSED' | 'not measured';

export function verdict(check: TargetCheck): Verdict {
  if (check.value === null) return 'not measured';
  const met =
    check.kind === 'max' ? check.value < check.limit : check.kind === 'atMost' ? check.value <= check.limit : check.value >= check.limit;
  return met ? 'met' : 'MISSED';
}

const number = (value: number, unit: string) => {
  const digits = unit === '×' ? 2 : unit === '' || unit === '%' || Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${unit}`.trim();
};

/** A Markdown table: the first row is the header. Columns are padded so it also reads as plain text. */
export function markdownTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows;
  if (!header) return '';
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export function loadTable(results: LoadResult[]): string {
  return markdownTable([
    ['load (autocannon)', 'req/s', 'p50', 'p99', 'requests', 'non-2xx', 'errors'],
    ...results.map((result) => [
      result.title,
      result.requestsPerSecond.toFixed(0),
      `${result.p50Ms} ms`,
      `${result.p99Ms} ms`,
      String(result.requests),
      String(result.non2xx),
      String(result.errors),
    ]),
  ]);
}

export function targetTable(checks: TargetCheck[]): string {
  return markdownTable([
    ['figure', 'measured', 'target', 'verdict'],
    ...checks.map((check) => [
      check.name,
      check.value === null ? (check.note ?? 'n/a') : number(check.value, check.unit),
      `${{ max: '<', atMost: '<=', min: '>=' }[check.kind]} ${number(check.limit, check.unit)}`,
      verdict(check),
    ]),
  ]);
}

/**
 * Every contender against the baseline (or another reference, such as the bare proxy), endpoint by endpoint: throughput as a share of the
 * baseline's, CPU per request and p99 as multiples of the baseline's.
 */
export function ratioTable(measurements: Measurements, baselineName = 'baseline'): string {
  const vs = `vs ${baselineName}`;
  const rows: string[][] = [['endpoint', 'server', 'req/s', vs, 'CPU/request', vs, 'p99', vs, 'non-2xx']];
  for (const [title, byContender] of measurements) {
    const baseline = byContender.get(baselineName);
    for (const [name, measured] of byContender) {
      const ratios = baseline && name !== baselineName ? ratiosTo(baseline, measured) : undefined;
      rows.push([
        title,
        name,
        measured.load.requestsPerSecond.toFixed(0),
        ratios ? `${ratios.throughputPercent.toFixed(0)} %` : '',
        `${measured.cpuUsPerRequest.toFixed(0)} µs`,
        ratios ? `${ratios.cpuRatio.toFixed(2)} ×` : '',
        `${measured.load.p99Ms} ms`,
        ratios ? `${ratios.p99Ratio.toFixed(2)} ×` : '',
        String(measured.load.non2xx + measured.load.errors),
      ]);
    }
  }
  return markdownTable(rows);
}
