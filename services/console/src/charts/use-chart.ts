import { type RefObject, useEffect, useRef } from 'react';
import { echarts } from './echarts';

type Option = Parameters<echarts.ECharts['setOption']>[0];

/** One chart in the element the ref points at; its option redrawn when it changes, disposed on unmount. */
export function useChart(
  option: Option,
  onClick?: (params: { data?: unknown }) => void,
): RefObject<HTMLDivElement | null> {
  const ref = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, null, { renderer: 'svg' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
    };
  }, []);
  useEffect(() => {
    // Drawn at once, never animated: what a reader (or a screenshot) sees is the whole chart, and people
    // who ask their system for reduced motion get none.
    chart.current?.setOption({ ...(option as object), animation: false }, true);
  }, [option]);
  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    c.on('click', onClick);
    return () => {
      c.off('click', onClick);
    };
  }, [onClick]);
  return ref;
}
