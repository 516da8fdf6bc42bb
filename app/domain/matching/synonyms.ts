// A small thesaurus of words that listings use interchangeably. Each group's
// first word is its head: every word of the group is indexed as the head, so
// a need that says 渗漏 meets a result that says 泄漏, and an English listing
// that says "coating" meets a Chinese one that says 涂层.
//
// Keep groups to true synonyms or near-synonyms an engineer would accept as
// "the same thing" (not broader/narrower terms: 阀门 is not 球阀). An entry
// may span several segmenter words (机器视觉 = 机器|视觉, "deep learning"):
// tokenize.ts looks up runs of up to four words, Chinese joined without a
// space, Latin with one. Latin is lowercased and singular. A word may be in
// one group only.

export const THESAURUS_GROUPS: readonly (readonly string[])[] = [
  // failure, defects, quality
  ['泄漏', '渗漏', '漏液', '漏气', '外漏', '内漏', 'leakage', 'leak'],
  ['密封', '密封性', 'seal', 'sealing'],
  ['磨损', '磨耗', 'wear'],
  ['耐磨', '耐磨性', '抗磨', 'wear resistant'],
  ['腐蚀', '锈蚀', '侵蚀', 'corrosion'],
  ['耐腐蚀', '耐蚀', '防腐', '抗腐蚀', '防腐蚀', 'anticorrosion', 'corrosion resistant'],
  ['开裂', '裂纹', '裂缝', '龟裂', 'crack', 'cracking'],
  ['缺陷', '瑕疵', 'defect'],
  ['疲劳', 'fatigue'],
  ['寿命', '使用寿命', 'lifetime', 'lifespan', 'life'],
  ['良率', '成品率', '合格率', 'yield'],
  ['检测', '检验', '探测', '测定', 'detection', 'inspection', 'detect', 'inspect'],
  ['监测', '在线监测', '实时监测', 'monitoring', 'monitor'],
  ['噪声', '噪音', 'noise'],
  ['振动', '震动', 'vibration'],
  ['能耗', '耗能', '电耗'],
  ['节能', '省电', '降耗', 'energy saving'],
  ['成本', '费用', 'cost'],
  ['效率', 'efficiency'],
  ['精度', '准确度', '准确率', 'accuracy', 'precision'],
  // surfaces and materials
  ['涂层', '镀层', '覆层', '涂覆层', 'coating'],
  ['熔覆', '堆焊', 'cladding'],
  ['复合材料', '复材', 'composite'],
  ['陶瓷', 'ceramic'],
  ['石墨烯', 'graphene'],
  ['合金', 'alloy'],
  ['高分子', '聚合物', 'polymer'],
  ['纳米', 'nano', 'nanoscale'],
  ['催化剂', '触媒', 'catalyst'],
  ['胶粘剂', '粘合剂', '粘接剂', '胶黏剂', 'adhesive'],
  ['阻燃', 'flame retardant'],
  ['抗菌', '抑菌', 'antibacterial', 'antimicrobial'],
  ['薄膜', '膜材', 'film'],
  ['传感器', '传感', 'sensor'],
  // processes
  ['焊接', '焊合', 'welding'],
  ['铸造', '浇铸', '浇注', 'casting'],
  ['注塑', '注射成型', 'injection molding', 'injection moulding'],
  ['抛光', 'polishing'],
  ['提纯', '纯化', 'purification'],
  ['发酵', 'fermentation'],
  ['萃取', '提取', 'extraction'],
  ['干燥', '烘干', 'drying'],
  ['回收', '再生', '回用', 'recycling', 'recovery'],
  ['降解', 'degradation'],
  ['印染', '染整', 'dyeing'],
  ['纺丝', 'spinning'],
  // machines and parts
  ['阀门', 'valve'],
  ['电机', '马达', 'motor'],
  ['轴承', 'bearing'],
  ['机器人', 'robot'],
  ['压缩机', 'compressor'],
  ['换热器', '热交换器', 'heat exchanger'],
  ['模具', 'mould', 'mold'],
  ['电池', 'battery'],
  ['锂电池', '锂离子电池', 'lithium ion', 'li ion'],
  ['光伏', '太阳能电池', 'photovoltaic', 'pv'],
  ['芯片', '集成电路', 'chip', 'ic'],
  ['晶圆', '硅片', 'wafer'],
  ['封装', 'packaging'],
  // digital
  ['人工智能', 'ai', 'artificial intelligence'],
  ['机器视觉', '视觉检测', '图像识别', 'machine vision', 'computer vision'],
  ['深度学习', '神经网络', 'deep learning', 'neural network'],
  ['算法', 'algorithm'],
  ['软件', 'software'],
  ['平台', 'platform'],
  ['物联网', 'iot'],
  ['预测性维护', '故障预测', '预测维护', 'predictive maintenance'],
  ['故障诊断', '故障检测', 'fault diagnosis'],
  ['区块链', 'blockchain'],
  // life sciences, food, farming
  ['疫苗', 'vaccine'],
  ['抗体', 'antibody'],
  ['药物', '药品', 'drug'],
  ['制剂', 'formulation'],
  ['诊断', 'diagnosis', 'diagnostic'],
  ['试剂盒', 'kit'],
  ['保鲜', '贮藏', '储藏', 'preservation', 'storage'],
  ['农药残留', '农残'],
  ['病虫害', '虫害', 'pest'],
  ['育种', '选育', 'breeding'],
  ['种植', '栽培', 'cultivation'],
  // environment
  ['废水', '污水', 'wastewater', 'sewage'],
  ['废气', '尾气'],
  ['污泥', 'sludge'],
  ['固废', '固体废物', 'solid waste'],
  ['挥发性有机物', 'vocs', 'voc'],
  ['脱硝', 'denitration'],
  ['余热', '废热', 'waste heat'],
  // textiles, wood
  ['面料', '织物', 'fabric', 'textile'],
  ['纤维', 'fiber', 'fibre'],
  ['竹材', '竹子', 'bamboo'],
  ['木材', 'wood', 'timber'],
  ['甲醛', 'formaldehyde'],
  // more English ↔ Chinese technical words (institutes writing in English meet needs in Chinese)
  ['制动', '刹车', 'brake', 'braking'],
  ['制动片', '刹车片', '摩擦片', 'brake pad'],
  ['制动盘', '刹车盘', 'brake disc', 'brake disk'],
  ['摩擦材料', 'friction material'],
  ['摩擦系数', 'friction coefficient', 'coefficient of friction'],
  ['铜', 'copper'],
  ['铝', 'aluminium', 'aluminum'],
  ['钢', 'steel'],
  ['不锈钢', 'stainless steel'],
  ['钛合金', 'titanium alloy'],
  ['镁合金', 'magnesium alloy'],
  ['水泵', '泵', 'pump'],
  ['离心泵', 'centrifugal pump'],
  ['风机', 'fan', 'blower'],
  ['齿轮', 'gear'],
  ['减速器', '减速机', 'reducer', 'gearbox'],
  ['叶轮', 'impeller'],
  ['填料', 'packing'],
  ['阀座', 'valve seat'],
  ['阀杆', 'stem', 'valve stem'],
  ['闸阀', 'gate valve'],
  ['球阀', 'ball valve'],
  ['蒸汽', 'steam'],
  ['叉车', 'forklift'],
  ['电动汽车', '新能源汽车', '电动车', 'electric vehicle', 'ev'],
  ['磷酸铁锂', 'lifepo4', 'lfp'],
  ['正极', 'cathode'],
  ['负极', 'anode'],
  ['电解液', 'electrolyte'],
  ['隔膜', 'separator'],
  ['储能', 'energy storage'],
  ['充电', 'charging'],
  ['热管理', 'thermal management'],
  ['热泵', 'heat pump'],
  ['空调', 'air conditioning', 'air conditioner', 'hvac'],
  ['制冷剂', '冷媒', 'refrigerant'],
  ['逆变器', 'inverter'],
  ['变频', 'variable speed', 'variable frequency'],
  ['功率模块', 'power module'],
  ['散热', 'heat dissipation', 'cooling'],
  ['温度', 'temperature'],
  ['低温', 'low temperature', 'cold'],
  ['高温', 'high temperature'],
  ['压力', 'pressure'],
  ['强度', 'strength'],
  ['韧性', 'toughness'],
  ['硬度', 'hardness'],
  ['颗粒物', '颗粒', 'particulate', 'particle'],
  ['粉尘', 'dust'],
  ['排放', 'emission'],
  ['能效', 'energy efficiency'],
  ['控制器', 'controller'],
  ['控制', 'control'],
  ['优化', 'optimization', 'optimisation'],
  ['仿真', '模拟', 'simulation'],
  ['模型', 'model'],
  ['纺织', 'textile industry'],
  ['染料', 'dye'],
  ['棉', '棉花', 'cotton'],
  ['涤纶', '聚酯纤维', 'polyester'],
  ['茶叶', '茶', 'tea'],
  ['蔬菜', 'vegetable'],
  ['土壤', 'soil'],
  ['肥料', 'fertilizer', 'fertiliser'],
  ['食用菌', '菌菇', 'edible fungi', 'mushroom'],
  ['酒', 'wine'],
  ['酿造', 'brewing'],
  ['竹', 'bamboo material'],
  ['霉菌', '发霉', '霉变', 'mould growth', 'mold growth', 'mildew'],
  ['复合', 'composite material'],
  ['碳纤维', 'carbon fibre', 'carbon fiber'],
  ['塑料', 'plastic'],
  ['橡胶', 'rubber'],
  ['润滑', 'lubrication'],
  ['焊点', 'solder joint'],
  ['焊料', 'solder'],
  ['印制电路板', '电路板', 'pcb'],
  ['激光', 'laser'],
  ['光谱', 'spectroscopy', 'spectrum'],
  ['膜分离', 'membrane separation'],
  ['吸附', 'adsorption'],
  ['氧化', 'oxidation'],
  ['生物', 'biological'],
  ['厌氧', 'anaerobic'],
  ['活性污泥', 'activated sludge'],
  ['脱盐', 'desalination'],
  ['水处理', 'water treatment'],
]

const HEAD = new Map<string, string>()
// Every proper prefix of a multi-word entry, as tokenize.ts builds phrases
// word by word, so it stops extending a phrase as soon as no entry starts so.
const PREFIXES = new Set<string>()
for (const group of THESAURUS_GROUPS) {
  const head = group[0]!
  for (const word of group) {
    if (HEAD.has(word)) throw new Error(`thesaurus: ${word} is in two groups`)
    HEAD.set(word, head)
    for (let i = 1; i < word.length; i++) PREFIXES.add(word.slice(0, i))
  }
}

/** Whether some thesaurus entry starts with this text (and is longer). */
export function isThesaurusPrefix(text: string): boolean {
  return PREFIXES.has(text)
}

/** The head of the word's thesaurus group, or the word itself. */
export function canonicalTerm(word: string): string {
  return HEAD.get(word) ?? word
}

/** The head when the word (or phrase) is in the thesaurus. */
export function thesaurusHead(phrase: string): string | undefined {
  return HEAD.get(phrase)
}

/** Number of words the thesaurus knows (for docs and tests). */
export const THESAURUS_SIZE = HEAD.size
