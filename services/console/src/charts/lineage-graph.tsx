import { useCallback, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useLang } from '../i18n';
import type { PracticeData } from '../pages/practice-query';
import { useChart } from './use-chart';

/**
 * The lineage as a directed graph (ECharts' graph series, laid out in columns by generation):
 * ancestors left, descendants right; a click on a node opens that practice.
 */
export default function LineageGraph({ practice }: { practice: PracticeData }) {
  const { t, l } = useLang();
  const navigate = useNavigate();
  const option = useMemo(() => {
    const nodes = [
      { id: practice.id, depth: 0, title: l(practice.title), jurisdiction: practice.jurisdiction.id },
      ...practice.lineage.map((n) => ({
        id: n.practice.id,
        depth: n.relation === 'ANCESTOR' ? -n.depth : n.depth,
        title: l(n.practice.title),
        jurisdiction: n.practice.jurisdiction.id,
      })),
    ];
    const ids = new Set(nodes.map((n) => n.id));
    const inspiredBy = new Map<string, string[]>([
      [practice.id, practice.inspiredBy.map((p) => p.id)],
      ...practice.lineage.map((n) => [n.practice.id, n.practice.inspiredBy.map((p) => p.id)] as [string, string[]]),
    ]);
    const edges = [...inspiredBy].flatMap(([target, sources]) =>
      sources.filter((s) => ids.has(s)).map((source) => ({ source, target })),
    );
    const rows = new Map<number, number>();
    const data = nodes.map((n) => {
      const row = rows.get(n.depth) ?? 0;
      rows.set(n.depth, row + 1);
      const label = n.title.length > 22 ? `${n.title.slice(0, 21)}…` : n.title;
      return {
        id: n.id,
        name: `${label} (${n.jurisdiction})`,
        x: n.depth * 260,
        y: row * 90,
        symbolSize: n.depth === 0 ? 26 : 18,
        itemStyle: { color: n.depth === 0 ? '#0b5394' : n.depth < 0 ? '#6a3d9a' : '#1b7837' },
      };
    });
    return {
      tooltip: { formatter: (p: { name?: string }) => p.name ?? '' },
      series: [
        {
          type: 'graph' as const,
          layout: 'none' as const,
          roam: true,
          label: { show: true, position: 'bottom' as const, color: '#1a1a1a' },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 8,
          lineStyle: { color: '#555', width: 1.5 },
          data,
          links: edges,
        },
      ],
    };
  }, [practice, l]);
  const onClick = useCallback(
    (params: { data?: unknown }) => {
      const id = (params.data as { id?: string } | undefined)?.id;
      if (id && id !== practice.id) navigate(`/practices/${id}`);
    },
    [navigate, practice.id],
  );
  const ref = useChart(option, onClick);
  return (
    <div
      ref={ref}
      className="chart lineage"
      role="img"
      aria-label={t('practice.lineageGraph')}
      data-testid="lineage-graph"
    />
  );
}
