import { Count, Realism, SEVERITIES } from './score';

// The measurement as an engineer reads it: figures, the kept conflicts, PASS/FAIL, then each miss.
export function formatRealism(data: string, r: Realism): string {
  const kinds = Object.keys(r.byKindAndSeverity).sort();
  const total = (kind: string) => SEVERITIES.reduce((sum, s) => sum + r.byKindAndSeverity[kind][s], 0);
  const column = (cells: (string | number)[]) => `  ${String(cells[0]).padEnd(10)}${cells.slice(1).map((c) => String(c).padStart(8)).join('')}`;
  const [pairs, rows] = [r.highPairsPerConsultation, r.highConflictsPerConsultation];
  return [
    `Realism on ${data}: ${r.consultations} consultations imported, ${r.conflicts} conflicts kept`,
    '',
    'Labelled pairs (a pair\'s verdict: its most severe OVERLAP or DUPLICATE, either side)',
    `  must-HIGH at HIGH                ${count(r.mustHigh)}`,
    `  must-MEDIUM at MEDIUM or above   ${count(r.mustMedium)}`,
    `  false HIGH on must-not-HIGH      ${count(r.falseHigh)}`,
    `  FATIGUE clusters covered         ${r.fatigueClusters.hit} / ${r.fatigueClusters.of} (members with a FATIGUE of MEDIUM or above: ${r.fatigueMembers.hit} / ${r.fatigueMembers.of})`,
    '',
    'HIGH per consultation, non-BLACKOUT: the other consultations it has a HIGH pair with (nearest rank, zeros counted)',
    `  median ${pairs.median}, p90 ${pairs.p90}, max ${pairs.max}`,
    `  (counted as conflicts, a pair's OVERLAP and DUPLICATE apart: median ${rows.median}, p90 ${rows.p90}, max ${rows.max})`,
    `  consultations with any HIGH      ${count(r.withHigh)}`,
    '',
    'Conflicts kept, by kind and severity',
    column(['', ...SEVERITIES, 'total']),
    ...kinds.map((kind) => column([kind, ...SEVERITIES.map((s) => r.byKindAndSeverity[kind][s]), total(kind)])),
    column(['all', ...SEVERITIES.map((s) => kinds.reduce((sum, k) => sum + r.byKindAndSeverity[k][s], 0)), r.conflicts]),
    '',
    'Checks',
    ...r.checks.map((c) => `  ${c.pass ? 'PASS' : 'FAIL'}  ${c.check} (${c.figure})`),
    '',
    `Labelled pairs whose verdict misses the label: ${r.misses.length}`,
    ...r.misses.map((m) => `  ${m.label.padEnd(13)} got ${m.verdict.padEnd(6)}  "${m.a}" × "${m.b}"  (${m.category})`),
  ].join('\n');
}

function count({ hit, of }: Count): string {
  return `${hit} / ${of} (${of ? ((100 * hit) / of).toFixed(1) : '–'}%)`;
}
