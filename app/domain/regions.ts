// Bureaus and their regions (DOMAIN.md, "Bureaus and regions"): each city bureau (市科技局) serves the
// counties (区县市) of its city. The known regions are data here; the database holds them as County rows
// (a migration and the seed write them), and an organisation belongs to a bureau through its county.

export type KnownRegion = {
  /** The bureau's organisation name. */
  bureau: string
  city: string
  /** Official name, the GB/T 2260 code where the county has its own, and other ways people write it. */
  counties: readonly { name: string; code: string | null; aliases?: readonly string[] }[]
}

export const KNOWN_REGIONS: readonly KnownRegion[] = [
  {
    bureau: '丽水市科学技术局',
    city: '丽水市',
    counties: [
      { name: '莲都区', code: '331102' },
      // The development zone has no division code of its own (it uses the city's, 331100).
      { name: '丽水经济技术开发区', code: null, aliases: ['开发区', '经开区', '丽水开发区'] },
      { name: '青田县', code: '331121' },
      { name: '景宁县', code: '331127', aliases: ['景宁畲族自治县'] },
      { name: '庆元县', code: '331126' },
      { name: '龙泉市', code: '331181' },
      { name: '松阳县', code: '331124' },
      { name: '遂昌县', code: '331123' },
      { name: '缙云县', code: '331122' },
      { name: '云和县', code: '331125' },
    ],
  },
  {
    bureau: '绍兴市科学技术局',
    city: '绍兴市',
    counties: [
      { name: '越城区', code: '330602' },
      { name: '柯桥区', code: '330603' },
      { name: '上虞区', code: '330604' },
      { name: '诸暨市', code: '330681' },
      { name: '嵊州市', code: '330683' },
      { name: '新昌县', code: '330624' },
    ],
  },
]

/**
 * The county of a known region that an address's county text stands for ("开发区" → 丽水经济技术开发区,
 * "绍兴市柯桥区" → 柯桥区), with its bureau; null when it is in none (e.g. 杭州市西湖区).
 */
export function regionOfCountyText(text: string): { bureau: string; county: string } | null {
  const t = text.trim().replace(/\s+/g, '')
  if (!t) return null
  for (const region of KNOWN_REGIONS) {
    const local = t.startsWith(region.city) ? t.slice(region.city.length) : t
    for (const c of region.counties) {
      if (local === c.name || c.aliases?.includes(local)) return { bureau: region.bureau, county: c.name }
    }
  }
  return null
}
