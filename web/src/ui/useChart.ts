// useChart — an ECharts chart in the element `el`: drawn (the SVG renderer
// unless `renderer` says canvas, in the reader's language) once mounted, again whenever `sources` or the
// language change, resized with its box, disposed with the component. With
// `print`, also resized as the page goes to and from print (a chart whose
// box takes the page's width in print). With `on`, the chart's events (a
// bar clicked: 'click') go to those handlers. The canvas renderer (a wall
// screen's charts) needs CanvasRenderer registered by the chart. Each chart registers the ECharts
// parts it uses (echarts.use) itself, so the bundle stays small.
import { onBeforeUnmount, onMounted, watch, type Ref, type WatchSource } from 'vue'
import { useI18n } from 'vue-i18n'
import * as echarts from 'echarts/core'

export function useChart(
  el: Ref<HTMLElement | null>,
  option: () => echarts.EChartsCoreOption,
  sources: WatchSource[],
  {
    deep = false,
    print = false,
    on = {},
    renderer = 'svg',
  }: { deep?: boolean; print?: boolean; on?: Record<string, (params: any) => void>; renderer?: 'svg' | 'canvas' } = {},
): void {
  const { locale } = useI18n()
  let chart: echarts.ECharts | null = null
  let observer: ResizeObserver | null = null
  const printing = print ? window.matchMedia('print') : null

  function draw() {
    if (!el.value) return
    if (!chart) {
      chart = echarts.init(el.value, undefined, { renderer, locale: locale.value === 'en' ? 'EN' : 'ZH' })
      for (const [name, fn] of Object.entries(on)) chart.on(name, fn)
    }
    chart.setOption(option(), true)
  }
  function resize() {
    chart?.resize()
  }
  onMounted(() => {
    draw()
    observer = new ResizeObserver(() => {
      resize()
      draw()
    })
    if (el.value) observer.observe(el.value)
    printing?.addEventListener('change', resize)
    if (print) {
      window.addEventListener('beforeprint', resize)
      window.addEventListener('afterprint', resize)
    }
  })
  watch([...sources, locale], draw, { deep })
  onBeforeUnmount(() => {
    observer?.disconnect()
    printing?.removeEventListener('change', resize)
    if (print) {
      window.removeEventListener('beforeprint', resize)
      window.removeEventListener('afterprint', resize)
    }
    chart?.dispose()
    chart = null
  })
}
