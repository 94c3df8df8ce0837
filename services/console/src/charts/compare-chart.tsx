import { useMemo } from 'react';
import { useLang } from '../i18n';
import type { ComparisonRow } from '../pages/compare-data';
import { CHANNELS } from '../pages/compare-data';
import { useChart } from './use-chart';

// Colour-blind-safe palette (Okabe–Ito), dark enough for the axis text beside it.
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00'];

/** Zero-redirection share (bar, %) and channel mix (stacked bars, services per channel) per jurisdiction. */
export default function CompareChart({ rows }: { rows: readonly ComparisonRow[] }) {
  const { t, l } = useLang();
  const option = useMemo(() => {
    const names = rows.map((r) => l(r.jurisdiction.name));
    return {
      color: COLOURS,
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0, textStyle: { color: '#1a1a1a' } },
      grid: [
        { left: 60, right: '55%', top: 60, bottom: 40 },
        { left: '55%', right: 20, top: 60, bottom: 40 },
      ],
      xAxis: [
        { type: 'category' as const, data: names, gridIndex: 0, axisLabel: { color: '#1a1a1a' } },
        { type: 'category' as const, data: names, gridIndex: 1, axisLabel: { color: '#1a1a1a' } },
      ],
      yAxis: [
        {
          type: 'value' as const,
          max: 100,
          name: t('compare.zeroShare'),
          gridIndex: 0,
          axisLabel: { color: '#1a1a1a' },
        },
        {
          type: 'value' as const,
          name: t('compare.services'),
          gridIndex: 1,
          minInterval: 1,
          axisLabel: { color: '#1a1a1a' },
        },
      ],
      series: [
        {
          name: t('compare.zeroShare'),
          type: 'bar' as const,
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: rows.map((r) => Math.round((r.zeroRedirectionShare ?? 0) * 100)),
        },
        ...CHANNELS.map((c) => ({
          name: t(`channel.${c}`),
          type: 'bar' as const,
          stack: 'channels',
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: rows.map((r) => r.channels.find((x) => x.channel === c)?.services ?? 0),
        })),
      ],
    };
  }, [rows, t, l]);
  const ref = useChart(option);
  return (
    <div ref={ref} className="chart compare" role="img" aria-label={t('compare.chart')} data-testid="compare-chart" />
  );
}
