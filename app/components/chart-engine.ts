// ECharts with only what the site's charts draw (lines and bars on a grid, tooltips, legends), painted as SVG.
// Loaded by app/components/chart.tsx with a dynamic import, in the browser only: the server never runs it and pages
// without a chart never download it. SVG: no canvas fonts to load, crisp on phones, and no <style> element (the
// Content-Security-Policy forbids those; ECharts writes only style attributes, which it allows).
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, SVGRenderer])

export { echarts }
