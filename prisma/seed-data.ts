// The demo, as plain data (prisma/seed.ts writes it; tests and the e2e suite
// read it). Built from two public notices of the bureaus:
//   - 丽科〔2022〕12号 (Lishui): the liaison table (附件) naming bureau leaders,
//     departments, counties and 31 enterprises — every enterprise below, and
//     its county as the table writes it, comes from there;
//   - 绍市科〔2022〕24号 (Shaoxing) measure 7: the reward policy.
// Everything else is invented for the demo and says so: the credit codes, the
// people, the phone numbers, the patent numbers, the results and the needs
// (written to fit what each enterprise's name and county industry suggest).
import type {
  IpKind,
  Maturity,
  NeedStatus,
  OrganizationKind,
  ResultStatus,
  Role,
  TransferMode,
} from '../app/generated/prisma/enums.ts'
import { parseInstant } from '../app/domain/calendar.ts'
import { organizationCodeCheckChar, withCheckDigit } from '../app/domain/credit-code.ts'
import type { FieldCode } from '../app/domain/fields.ts'

// ---------------------------------------------------------------------------
// Types

export interface SeedOrganization {
  name: string
  kind: OrganizationKind
  /** DEMO code: valid by GB 32100-2015, but not the organization's real code. */
  creditCode: string
  county: string
  address?: string
}

export interface SeedUser {
  email: string
  name: string
  role: Role
  organizationName: string
  demoPassword: string
  /** A bureau administrator (staff only). */
  bureauAdmin?: boolean
}

export interface SeedResult {
  /** Name of a UNIVERSITY or INSTITUTE organization. */
  ownerName: string
  title: string
  summary: string
  field: FieldCode
  keywords: string[]
  ipKind: IpKind
  ipNumbers: string[]
  maturity: Maturity
  transferModes: TransferMode[]
  /** Integer fen; null = 面议. */
  askingPriceFen: number | null
  contactName: string
  contactPhone: string
  status: Extract<ResultStatus, 'DRAFT' | 'SUBMITTED' | 'PUBLISHED'>
}

export interface SeedNeed {
  /** Name of an ENTERPRISE organization. */
  enterpriseName: string
  title: string
  description: string
  field: FieldCode
  keywords: string[]
  /** Integer fen; null = 面议. */
  budgetMinFen: number | null
  budgetMaxFen: number | null
  /** A calendar date, YYYY-MM-DD (stored as UTC midnight, as the need form does). */
  wantedBy: string | null
  acceptedModes: TransferMode[]
  contactName: string
  contactPhone: string
  status: Extract<NeedStatus, 'DRAFT' | 'SUBMITTED' | 'PUBLISHED'>
}

export interface SeedRewardPolicy {
  name: string
  authority: string
  /** ISO instant. */
  validFrom: string
  validTo: string | null
  rateOutsideAuctionBp: number
  rateViaAuctionBp: number
  capPerContractFen: number
  capPerEnterpriseYearFen: number
  /** The contract kinds it rewards. */
  contractKinds: ('DEVELOPMENT' | 'TRANSFER' | 'LICENCE')[]
  /** Innovation voucher terms of the same version (decision 018). */
  voucher?: { capEnterpriseFen: number; capEntrepreneurFen: number; shareBp: number }
}

/** 万元 → fen, exact for whole 万元: wan(80) = 80_000_000. */
const wan = (n: number): number => n * 1_000_000

/**
 * A DEMO 统一社会信用代码: `head` is positions 1–8 (登记管理部门 + 机构类别 +
 * the registering authority's GB/T 2260 division code), `body` the eight
 * characters of an invented organisation code; its GB 11714 check character
 * (position 17) and the GB 32100 check character (position 18) are computed.
 * These are not the organizations' real codes.
 */
function demoCreditCode(head: string, body: string): string {
  return withCheckDigit(head + body + organizationCodeCheckChar(body))
}

// Positions 1–2: 11 机构编制·机关, 12 机构编制·事业单位, 91 市场监管·企业.
// Positions 3–8 (GB/T 2260): 丽水市 331100 (also used for 丽水经济技术开发区,
// which has no code of its own), 莲都区 331102, 青田县 331121, 缙云县 331122,
// 遂昌县 331123, 松阳县 331124, 云和县 331125, 庆元县 331126, 景宁畲族自治县
// 331127, 龙泉市 331181; 绍兴市 330600, 越城区 330602; 浙江省 330000;
// national registration 100000.
const DIVISION = {
  丽水市: '331100',
  莲都区: '331102',
  开发区: '331100',
  青田县: '331121',
  缙云县: '331122',
  遂昌县: '331123',
  松阳县: '331124',
  云和县: '331125',
  庆元县: '331126',
  景宁县: '331127',
  龙泉市: '331181',
  绍兴市: '330600',
  越城区: '330602',
  柯桥区: '330603',
  浙江省: '330000',
  全国: '100000',
} as const

// ---------------------------------------------------------------------------
// 丽水市科技局助企纾困对口联系安排表 (丽科〔2022〕12号 附件), as published.

export interface LiaisonGroup {
  group: number
  /** 组长 */
  leader: string
  /** 责任处室（中心） */
  departments: string[]
  counties: { county: keyof typeof DIVISION; enterprises: string[] }[]
}

export const lishuiLiaisonTable: LiaisonGroup[] = [
  {
    group: 1,
    leader: '翁伟荣',
    departments: ['高新与成果处(基础处)', '农村社发与合作处(规划处)'],
    counties: [
      {
        county: '莲都区',
        enterprises: ['浙江恒大科技电气有限公司', '替科斯科技集团丽水流体设备有限公司', '浙江天涯同行科技有限公司'],
      },
      {
        county: '开发区',
        enterprises: [
          '丽水中科半导体材料研究中心有限公司',
          '同创(丽水)特种材料有限公司',
          '浙江健壮传动科技有限公司',
          '浙江珏芯微电子有限公司',
        ],
      },
      { county: '青田县', enterprises: ['浙江瑞浦科技有限公司', '浙江瑞兴阀门有限公司', '浙江省青田超达铸造有限公司'] },
    ],
  },
  {
    group: 2,
    leader: '廖旭青',
    departments: ['高新与成果处(基础处)', '科技发展研究中心'],
    counties: [
      { county: '景宁县', enterprises: ['浙江福莱克铸造有限公司', '浙江华寅工艺品有限公司', '浙江景宁明辉工艺品有限公司'] },
      { county: '庆元县', enterprises: ['浙江方格药业有限公司', '浙江百兴食品有限公司', '浙江九川竹木股份有限公司'] },
      { county: '龙泉市', enterprises: ['浙江国镜药业有限公司', '浙江基力思汽车空调有限公司', '浙江创新汽车空调有限公司'] },
    ],
  },
  {
    group: 3,
    leader: '杜永明',
    departments: ['办公室(外专局)', '科技创新服务中心'],
    counties: [
      { county: '松阳县', enterprises: ['浙江科马摩擦材料有限公司', '浙江云中马股份有限公司', '宝丰钢业集团有限公司'] },
      { county: '遂昌县', enterprises: ['宇恒电池股份有限公司', '浙江遂昌汇金有色金属有限公司', '遂昌德鑫铸钢有限公司'] },
    ],
  },
  {
    group: 4,
    leader: '戴美松',
    departments: ['机关党委', '农村社发与合作处(规划处)'],
    counties: [
      { county: '缙云县', enterprises: ['浙江锯力煌工业科技股份有限公司', '浙江普崎数码科技有限公司', '浙江金马逊机械有限公司'] },
      { county: '云和县', enterprises: ['浙江童园玩具有限公司', '浙江木艺工艺品有限公司', '跃丰阀门制造有限公司'] },
    ],
  },
]

/** The campaign of the notice (丽科〔2022〕12号, 2022-06-27): coverage 100 % by the end of June, funds 75 % by the end of July, all year. */
export const lishuiCampaign = {
  name: '助企纾困专项行动',
  noticeRef: '丽科〔2022〕12号',
  startsOn: '2022-06-27',
  endsOn: '2022-12-31',
  coverageTargetOn: '2022-06-30',
  fundsTargetPercent: 75,
  fundsTargetOn: '2022-07-31',
}

// ---------------------------------------------------------------------------
// Organizations

const bureaus: SeedOrganization[] = [
  { name: '丽水市科学技术局', kind: 'BUREAU', creditCode: demoCreditCode(`11${DIVISION.丽水市}`, '00254913'), county: '莲都区' },
  { name: '绍兴市科学技术局', kind: 'BUREAU', creditCode: demoCreditCode(`11${DIVISION.绍兴市}`, '00251846'), county: '越城区' },
  // The province's department: its one login is read-only (role PROVINCE, decision 016). Kind BUREAU (a government
  // body, not in any bureau's region, so in no bureau's lists); invented organisation-code body.
  { name: '浙江省科学技术厅', kind: 'BUREAU', creditCode: demoCreditCode(`11${DIVISION.浙江省}`, '00253101'), county: '杭州市西湖区' },
]

const institutions: SeedOrganization[] = [
  {
    name: '浙江大学',
    kind: 'UNIVERSITY',
    creditCode: demoCreditCode(`12${DIVISION.全国}`, '47000219'),
    county: '杭州市西湖区',
    address: '浙江省杭州市西湖区余杭塘路866号',
  },
  {
    name: '浙江工业大学',
    kind: 'UNIVERSITY',
    creditCode: demoCreditCode(`12${DIVISION.浙江省}`, '47000462'),
    county: '杭州市拱墅区',
    address: '浙江省杭州市拱墅区潮王路18号',
  },
  {
    name: '浙江理工大学',
    kind: 'UNIVERSITY',
    creditCode: demoCreditCode(`12${DIVISION.浙江省}`, '47000501'),
    county: '杭州市钱塘区',
    address: '浙江省杭州市钱塘区2号大街928号',
  },
  {
    name: '浙江农林大学',
    kind: 'UNIVERSITY',
    creditCode: demoCreditCode(`12${DIVISION.浙江省}`, '47000577'),
    county: '杭州市临安区',
    address: '浙江省杭州市临安区武肃街666号',
  },
  {
    name: '中国计量大学',
    kind: 'UNIVERSITY',
    creditCode: demoCreditCode(`12${DIVISION.浙江省}`, '47000608'),
    county: '杭州市钱塘区',
    address: '浙江省杭州市钱塘区学源街258号',
  },
  {
    name: '丽水学院',
    kind: 'UNIVERSITY',
    creditCode: demoCreditCode(`12${DIVISION.丽水市}`, '47123085'),
    county: '莲都区',
    address: '浙江省丽水市莲都区学院路1号',
  },
  {
    name: '绍兴文理学院',
    kind: 'UNIVERSITY',
    creditCode: demoCreditCode(`12${DIVISION.绍兴市}`, '47104317'),
    county: '越城区',
    address: '浙江省绍兴市越城区环城西路508号',
  },
  {
    name: '中国科学院宁波材料技术与工程研究所',
    kind: 'INSTITUTE',
    creditCode: demoCreditCode(`12${DIVISION.全国}`, '71788260'),
    county: '宁波市镇海区',
    address: '浙江省宁波市镇海区中官西路1219号',
  },
  {
    name: '浙江省林业科学研究院',
    kind: 'INSTITUTE',
    creditCode: demoCreditCode(`12${DIVISION.浙江省}`, '47002554'),
    county: '杭州市西湖区',
  },
  {
    name: '丽水市农林科学研究院',
    kind: 'INSTITUTE',
    creditCode: demoCreditCode(`12${DIVISION.丽水市}`, '47123317'),
    county: '莲都区',
  },
  {
    name: '浙江大学绍兴研究院',
    kind: 'INSTITUTE',
    creditCode: demoCreditCode(`12${DIVISION.越城区}`, 'MB1A7C20'),
    county: '越城区',
  },
]

// Invented organisation-code bodies, one per enterprise, in table order.
const ENTERPRISE_CODE_BODIES: Record<string, string> = {
  浙江恒大科技电气有限公司: '72522187',
  替科斯科技集团丽水流体设备有限公司: 'MA28D0K1',
  浙江天涯同行科技有限公司: 'MA2A3Q6L',
  丽水中科半导体材料研究中心有限公司: 'MA2E1R8W',
  '同创(丽水)特种材料有限公司': 'MA2E4C7U',
  浙江健壮传动科技有限公司: '68665309',
  浙江珏芯微电子有限公司: 'MA2A0N5Y',
  浙江瑞浦科技有限公司: 'MA28H3B0',
  浙江瑞兴阀门有限公司: '70475218',
  浙江省青田超达铸造有限公司: '14822563',
  浙江福莱克铸造有限公司: '79336208',
  浙江华寅工艺品有限公司: '55862147',
  浙江景宁明辉工艺品有限公司: '74631025',
  浙江方格药业有限公司: '70450391',
  浙江百兴食品有限公司: '14863302',
  浙江九川竹木股份有限公司: '77573914',
  浙江国镜药业有限公司: '72764481',
  浙江基力思汽车空调有限公司: '73032816',
  浙江创新汽车空调有限公司: '14894127',
  浙江科马摩擦材料有限公司: '71256034',
  浙江云中马股份有限公司: '74980126',
  宝丰钢业集团有限公司: '76962443',
  宇恒电池股份有限公司: '72099357',
  浙江遂昌汇金有色金属有限公司: '75114592',
  遂昌德鑫铸钢有限公司: '66172048',
  浙江锯力煌工业科技股份有限公司: '14815379',
  浙江普崎数码科技有限公司: '58773620',
  浙江金马逊机械有限公司: '70478815',
  浙江童园玩具有限公司: '14893062',
  浙江木艺工艺品有限公司: '79094537',
  跃丰阀门制造有限公司: '14860724',
}

const enterprises: SeedOrganization[] = lishuiLiaisonTable.flatMap((g) =>
  g.counties.flatMap(({ county, enterprises: names }) =>
    names.map((name): SeedOrganization => ({
      name,
      kind: 'ENTERPRISE',
      creditCode: demoCreditCode(`91${DIVISION[county]}`, ENTERPRISE_CODE_BODIES[name]!),
      county,
    })),
  ),
)

// One enterprise of the Shaoxing region, invented for the demo (the name says so): the liaison table names only
// Lishui's, and Shaoxing staff register contracts for enterprises of their own region (decision 015).
const shaoxingDemoEnterprises: SeedOrganization[] = [
  { name: '绍兴柯桥演示纺织科技有限公司', kind: 'ENTERPRISE', creditCode: demoCreditCode(`91${DIVISION.柯桥区}`, 'MA2DE7K1'), county: '柯桥区' },
]

export const organizations: SeedOrganization[] = [...bureaus, ...institutions, ...enterprises, ...shaoxingDemoEnterprises]

// ---------------------------------------------------------------------------
// Enterprise facts (decision 016). DEMO DATA, INVENTED: certificate numbers, dates and years are made up to look
// like Zhejiang's (高新技术企业证书 GR + year + 33 + six digits, valid three years from the batch's issue date);
// they say nothing about the real companies. Chosen so that some enterprises of each county are 规上高新技术企业
// (a certificate valid today and above-scale this year or last) and some are not (no certificate, an expired one,
// or not above-scale), which the service campaign's coverage counts.

export interface SeedEnterpriseFacts {
  enterpriseName: string
  highTech: { certificateNo: string; validFrom: string; validTo: string } | null
  aboveScaleYears: number[]
  techSmeYears: number[]
}

/** Zhejiang's certificate batches (issue date, last valid day), invented for the demo. */
const HIGH_TECH_BATCHES = [
  { year: 2025, validFrom: '2025-12-19', validTo: '2028-12-18' },
  { year: 2024, validFrom: '2024-12-06', validTo: '2027-12-05' },
  { year: 2022, validFrom: '2022-12-24', validTo: '2025-12-23' },
] as const

export const enterpriseFacts: SeedEnterpriseFacts[] = [
  ...enterprises.map((e, i): SeedEnterpriseFacts => {
    // Every third enterprise has no certificate; of the others, one in four holds an expired 2022 certificate.
    const batch = i % 3 === 2 ? null : i % 4 === 3 ? HIGH_TECH_BATCHES[2] : HIGH_TECH_BATCHES[i % 2]!
    return {
      enterpriseName: e.name,
      highTech: batch && { certificateNo: `GR${batch.year}33${String(100_101 + i * 37).padStart(6, '0')}`, validFrom: batch.validFrom, validTo: batch.validTo },
      // One in five is below the scale threshold.
      aboveScaleYears: i % 5 === 4 ? [] : [2025, 2026],
      techSmeYears: i % 2 === 0 ? [2025, 2026] : [],
    }
  }),
  {
    enterpriseName: '绍兴柯桥演示纺织科技有限公司',
    highTech: { certificateNo: 'GR202433000518', validFrom: '2024-12-06', validTo: '2027-12-05' },
    aboveScaleYears: [2025, 2026],
    techSmeYears: [2026],
  },
]

// ---------------------------------------------------------------------------
// Users: one shared demo password (logins printed by `npm start`).

export const DEMO_PASSWORD = 'demo-password-2026'

const user = (email: string, name: string, role: Role, organizationName: string, bureauAdmin = false): SeedUser => ({
  email,
  name,
  role,
  organizationName,
  demoPassword: DEMO_PASSWORD,
  ...(bureauAdmin ? { bureauAdmin } : {}),
})

export const users: SeedUser[] = [
  user('zju@demo.kjj.example', '周明远', 'INSTITUTION', '浙江大学'),
  user('zjut@demo.kjj.example', '林晓峰', 'INSTITUTION', '浙江工业大学'),
  user('lsu@demo.kjj.example', '叶青', 'INSTITUTION', '丽水学院'),
  user('nimte@demo.kjj.example', '王海涛', 'INSTITUTION', '中国科学院宁波材料技术与工程研究所'),
  user('ruixing@demo.kjj.example', '潘建国', 'ENTERPRISE', '浙江瑞兴阀门有限公司'),
  user('kema@demo.kjj.example', '吴志强', 'ENTERPRISE', '浙江科马摩擦材料有限公司'),
  user('yuheng@demo.kjj.example', '郑伟', 'ENTERPRISE', '宇恒电池股份有限公司'),
  user('jilisi@demo.kjj.example', '季晓东', 'ENTERPRISE', '浙江基力思汽车空调有限公司'),
  user('staff.lishui@demo.kjj.example', '徐静', 'STAFF', '丽水市科学技术局'),
  user('staff.shaoxing@demo.kjj.example', '沈建华', 'STAFF', '绍兴市科学技术局'),
  // Bureau administrators: the only logins that create staff logins (four eyes need two people neither of whom made the other).
  user('admin.lishui@demo.kjj.example', '蓝卫东', 'STAFF', '丽水市科学技术局', true),
  user('admin.shaoxing@demo.kjj.example', '金立群', 'STAFF', '绍兴市科学技术局', true),
  // The province's read-only view of every bureau (decision 016).
  user('province@demo.kjj.example', '陈思远', 'PROVINCE', '浙江省科学技术厅'),
  // The Shaoxing demo enterprise (decision 015), with a login for the innovation vouchers it holds (decision 018).
  user('keqiao@demo.kjj.example', '钱柯', 'ENTERPRISE', '绍兴柯桥演示纺织科技有限公司'),
]

const CAN_DO: Record<Role, string> = {
  INSTITUTION: '发布和管理本单位科技成果，回复企业意向，参加竞价成交、签订合同、收款',
  ENTERPRISE: '发布技术需求，浏览和匹配成果，报名竞价场次、缴纳保证金、实时出价，付款并领取奖励',
  STAFF: '审核发布成果与需求，编排并主持季度竞价，登记技术合同，审批和发放奖励，查看报表',
  PROVINCE: '只读查看各市科技局的竞价场次、技术合同、奖励、支付、单位和企业认定信息，不能做任何修改',
}

/** For the README and the start-up banner. */
export const DEMO_LOGINS: { email: string; role: Role; organizationName: string; name: string; can: string; bureauAdmin: boolean }[] = users.map(
  (u) => ({
    email: u.email,
    role: u.role,
    bureauAdmin: u.bureauAdmin ?? false,
    organizationName: u.organizationName,
    name: u.name,
    can: u.bureauAdmin ? `${CAN_DO[u.role]}；本局管理员：创建本局工作人员账号、登记科技局` : CAN_DO[u.role],
  }),
)

// ---------------------------------------------------------------------------
// Research results (科技成果). Patent numbers are fictitious, in the CNIPA
// form ZL + year + type (1 invention, 2 utility model, 3 design) + serial +
// check digit; software copyrights 20xxSR…; layout designs BS.….

export const results: SeedResult[] = [
  // 集成电路与半导体材料
  {
    ownerName: '浙江大学',
    title: '碳化硅单晶衬底低损伤化学机械抛光工艺',
    summary:
      '针对6英寸4H-SiC衬底化学机械抛光去除率低、表面划痕多的问题，采用芬顿型氧化抛光液与分段压力控制工艺。材料去除率由0.4μm/h提高到1.2μm/h，表面粗糙度Ra<0.1nm，抛光片良率由78%提高到93%。适用于碳化硅衬底和外延片加工企业。',
    field: 'semiconductor',
    keywords: ['碳化硅', '衬底', '化学机械抛光', '抛光液', '第三代半导体'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110482316.9', 'ZL202210097453.5'],
    maturity: 'PILOT',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(180),
    contactName: '陈老师',
    contactPhone: '0571-87952316',
    status: 'PUBLISHED',
  },
  {
    ownerName: '中国科学院宁波材料技术与工程研究所',
    title: '硅基氮化镓外延片应力调控缓冲层结构',
    summary:
      '采用AlN/AlGaN超晶格渐变缓冲层调控硅衬底上氮化镓外延的张应力，8英寸外延片翘曲小于30μm，无裂纹区域达到98%以上。可用于650V功率器件和射频器件外延，已完成小批量流片验证。',
    field: 'semiconductor',
    keywords: ['氮化镓', '外延', '缓冲层', '功率器件', '硅衬底'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010765432.7'],
    maturity: 'SMALL_BATCH',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(260),
    contactName: '孙老师',
    contactPhone: '0574-86685231',
    status: 'PUBLISHED',
  },
  {
    ownerName: '中国计量大学',
    title: '晶圆表面缺陷机器视觉在线检测系统',
    summary:
      '基于暗场散射成像与深度学习分类，对抛光晶圆表面划痕、颗粒、凹坑等缺陷进行在线检测，最小可检缺陷0.3μm，单片检测时间小于40秒，分类准确率96%。含检测软件与光学模块设计，可替代进口离线检测设备。',
    field: 'semiconductor',
    keywords: ['晶圆', '缺陷检测', '机器视觉', '深度学习'],
    ipKind: 'SOFTWARE_COPYRIGHT',
    ipNumbers: ['2023SR0415827', 'ZL202220873164.5'],
    maturity: 'PROTOTYPE',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(90),
    contactName: '何老师',
    contactPhone: '0571-86835512',
    status: 'SUBMITTED',
  },
  {
    ownerName: '浙江大学',
    title: '多节锂电池保护与均衡芯片集成电路布图设计',
    summary:
      '面向2至8节串联锂电池组的保护与被动均衡芯片，集成过充、过放、过流和短路保护，静态电流小于3μA，过充检测精度±15mV。布图设计已登记，0.18μm BCD工艺流片验证通过，可用于电动工具和储能电池包。',
    field: 'semiconductor',
    keywords: ['锂电池保护', '均衡', '芯片', '布图设计', '电池管理'],
    ipKind: 'IC_LAYOUT',
    ipNumbers: ['BS.225563871'],
    maturity: 'SMALL_BATCH',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(150),
    contactName: '赵老师',
    contactPhone: '0571-87951804',
    status: 'PUBLISHED',
  },

  // 新材料
  {
    ownerName: '中国科学院宁波材料技术与工程研究所',
    title: '高纯金属溅射靶材晶粒细化与织构控制技术',
    summary:
      '通过多向锻造加低温再结晶退火的组合工艺，使高纯钽、钛靶材平均晶粒尺寸小于30μm，织构取向均匀性提高40%，溅射薄膜厚度均匀性优于±3%。适用于半导体和显示面板用高纯金属靶材的生产企业。',
    field: 'new-materials',
    keywords: ['溅射靶材', '高纯金属', '晶粒细化', '织构', '钽'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110593278.4'],
    maturity: 'PILOT',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(220),
    contactName: '孙老师',
    contactPhone: '0574-86685231',
    status: 'PUBLISHED',
  },
  {
    ownerName: '中国科学院宁波材料技术与工程研究所',
    title: '石墨烯/聚酰亚胺高导热复合膜制备技术',
    summary:
      '以氧化石墨烯与聚酰亚胺前驱体共混成膜，经高温石墨化得到厚度25至100μm的导热膜，面内导热系数达1500W/(m·K)，可弯折10万次不断裂。用于手机、平板和动力电池模组的均热散热。',
    field: 'new-materials',
    keywords: ['石墨烯', '导热膜', '聚酰亚胺', '散热'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL201910287645.0', 'ZL202010112938.8'],
    maturity: 'PILOT',
    transferModes: ['JOINT_DEVELOPMENT', 'EQUITY'],
    askingPriceFen: wan(300),
    contactName: '王老师',
    contactPhone: '0574-86685597',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江大学',
    title: '不锈钢焊管在线光亮固溶处理装置与工艺',
    summary:
      '在焊管生产线上以中频感应加热配合氢氮保护气氛实现在线光亮固溶，处理速度可达每分钟8米，焊缝区晶间腐蚀试验合格率100%，较离线罩式炉节能35%。已在两条304、316L焊管生产线上应用。',
    field: 'new-materials',
    keywords: ['不锈钢焊管', '固溶处理', '感应加热', '光亮退火'],
    ipKind: 'UTILITY_MODEL',
    ipNumbers: ['ZL202121854307.X', 'ZL202220316548.7'],
    maturity: 'MASS_PRODUCTION',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(60),
    contactName: '黄老师',
    contactPhone: '0571-87953377',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江工业大学',
    title: '含金银电子废料湿法清洁回收技术',
    summary:
      '以硫代硫酸盐体系替代氰化物浸出废线路板和镀金废件中的金银，金浸出率大于96%，银回收率大于92%，废液循环使用，无含氰废水。适用于有色金属回收企业的工艺升级和环保改造。',
    field: 'environment',
    keywords: ['贵金属回收', '湿法冶金', '无氰浸出', '电子废料', '金银'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010843129.4'],
    maturity: 'PILOT',
    transferModes: ['TRANSFER', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(120),
    contactName: '钱老师',
    contactPhone: '0571-88320471',
    status: 'PUBLISHED',
  },

  // 高端装备与阀门
  {
    ownerName: '浙江工业大学',
    title: 'LNG超低温阀门阀座复合密封与深冷处理工艺',
    summary:
      '针对LNG超低温球阀和蝶阀在-196℃工况下阀座密封易泄漏的问题，采用增强PCTFE与柔性石墨组合密封结构，并对阀体阀座进行深冷稳定化处理。按BS 6364低温试验，泄漏率低于标准限值的五分之一，已在两家阀门企业中试。',
    field: 'equipment',
    keywords: ['超低温阀门', 'LNG', '阀座密封', '深冷处理', '球阀'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110927450.5', 'ZL202221036785.4'],
    maturity: 'PILOT',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(95),
    contactName: '林老师',
    contactPhone: '0571-88320562',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江理工大学',
    title: '多级降压低噪声调节阀阀芯设计方法',
    summary:
      '基于CFD流场仿真优化多级迷宫式阀芯流道，调节阀在高压差工况下噪声降低12dB(A)，抑制空化和冲蚀，流量特性线性度误差小于5%。提供设计软件和典型口径阀芯图纸，适用于电力、化工调节阀企业。',
    field: 'equipment',
    keywords: ['调节阀', '降噪', '空化', 'CFD', '阀芯'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010398216.3'],
    maturity: 'PROTOTYPE',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(70),
    contactName: '朱老师',
    contactPhone: '0571-86843318',
    status: 'PUBLISHED',
  },
  {
    ownerName: '中国计量大学',
    title: '阀门密封性能自动检测装置',
    summary:
      '采用压差衰减法与氦质谱检漏相结合的自动检测工位，一次装夹完成壳体强度和密封试验，最小可检泄漏率1×10⁻⁶Pa·m³/s，检测节拍缩短60%，数据自动记录并可追溯。适用于闸阀、球阀、截止阀的出厂检测。',
    field: 'equipment',
    keywords: ['阀门检测', '密封试验', '泄漏检测', '氦检'],
    ipKind: 'UTILITY_MODEL',
    ipNumbers: ['ZL202122973046.X'],
    maturity: 'SMALL_BATCH',
    transferModes: ['TRANSFER'],
    askingPriceFen: wan(35),
    contactName: '何老师',
    contactPhone: '0571-86835512',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江大学',
    title: '精密行星减速器齿轮修形与降噪技术',
    summary:
      '通过齿廓和齿向联合修形、加载接触分析与装配误差补偿，使精密行星减速器背隙控制在3弧分以内，满载噪声降低6dB，传动效率达到96%。可用于工业机器人关节和自动化设备传动部件。',
    field: 'equipment',
    keywords: ['减速器', '齿轮修形', '降噪', '行星齿轮', '传动'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110265871.6'],
    maturity: 'PILOT',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(130),
    contactName: '许老师',
    contactPhone: '0571-87952680',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江工业大学',
    title: '双金属带锯条激光焊接与齿尖强化技术',
    summary:
      '以光纤激光焊接高速钢齿材与弹簧钢背材，配合齿尖局部感应淬火与深冷回火，焊缝强度提高20%，锯切45号钢时使用寿命较常规工艺提高35%。适用于带锯条和锯床配套企业。',
    field: 'equipment',
    keywords: ['带锯条', '双金属', '激光焊接', '热处理', '锯切寿命'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010658923.1'],
    maturity: 'SMALL_BATCH',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(80),
    contactName: '林老师',
    contactPhone: '0571-88320562',
    status: 'PUBLISHED',
  },

  // 铸造与精密制造
  {
    ownerName: '浙江工业大学',
    title: '铸件缩松缩孔数值模拟与浇注工艺优化软件',
    summary:
      '软件对砂型铸造和熔模铸造的充型、凝固过程进行三维模拟，预测缩松缩孔位置，并自动给出冒口和冷铁布置建议。在阀体、泵壳类铸件上验证，工艺出品率提高8%，试制周期缩短一半。',
    field: 'casting',
    keywords: ['铸造模拟', '缩松缩孔', '凝固', '冒口设计', '工艺优化'],
    ipKind: 'SOFTWARE_COPYRIGHT',
    ipNumbers: ['2022SR0736519'],
    maturity: 'MASS_PRODUCTION',
    transferModes: ['LICENCE'],
    askingPriceFen: wan(40),
    contactName: '钟老师',
    contactPhone: '0571-88320719',
    status: 'PUBLISHED',
  },
  {
    ownerName: '中国科学院宁波材料技术与工程研究所',
    title: '熔模精密铸造硅溶胶快干型壳技术',
    summary:
      '在硅溶胶粘结剂中引入纳米改性剂并配合可控温湿度干燥，单层型壳干燥时间由8小时缩短到2.5小时，型壳高温强度提高30%，铸件表面粗糙度达到Ra3.2。适用于不锈钢、碳钢阀门和泵类精密铸件。',
    field: 'casting',
    keywords: ['熔模铸造', '硅溶胶', '型壳', '快速干燥', '精密铸造'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110734685.2'],
    maturity: 'PILOT',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(75),
    contactName: '王老师',
    contactPhone: '0574-86685597',
    status: 'PUBLISHED',
  },
  {
    ownerName: '丽水学院',
    title: '铸造废砂焙烧再生与粉尘资源化利用',
    summary:
      '对树脂砂和水玻璃砂废砂进行焙烧加机械擦洗再生，再生砂灼减量小于0.3%，回用率达到90%以上；回收粉尘制成免烧砖原料。单线年处理废砂2万吨，可显著降低铸造企业固废处置成本。',
    field: 'casting',
    keywords: ['铸造废砂', '再生', '固废', '资源化', '树脂砂'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010526381.2'],
    maturity: 'MASS_PRODUCTION',
    transferModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(50),
    contactName: '叶老师',
    contactPhone: '0578-2271365',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江工业大学',
    title: '高铬铸铁耐磨件亚临界热处理工艺',
    summary:
      '采用亚临界淬火加回火代替传统高温淬火，高铬铸铁衬板和锤头硬度达到HRC60以上，冲击韧性提高25%，热处理开裂率由6%降到1%以下，能耗降低30%。适用于矿山、水泥行业耐磨铸件。',
    field: 'casting',
    keywords: ['高铬铸铁', '耐磨件', '热处理', '铸钢'],
    ipKind: 'KNOW_HOW',
    ipNumbers: [],
    maturity: 'SMALL_BATCH',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: null,
    contactName: '钟老师',
    contactPhone: '0571-88320719',
    status: 'DRAFT',
  },

  // 汽车零部件与汽车空调
  {
    ownerName: '浙江大学',
    title: '新能源汽车R744二氧化碳热泵空调系统',
    summary:
      '以CO₂(R744)为工质的跨临界热泵空调系统，含电动压缩机匹配、气体冷却器和电子膨胀阀控制策略。-20℃环境下制热COP达2.0，冬季续航衰减较PTC加热减少约30%，已完成整车台架验证。',
    field: 'auto-parts',
    keywords: ['热泵空调', 'CO2', 'R744', '新能源汽车', '热管理'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110318764.5', 'ZL202210574126.4'],
    maturity: 'PROTOTYPE',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(350),
    contactName: '周老师',
    contactPhone: '0571-87951297',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江工业大学',
    title: '汽车空调微通道换热器无腐蚀钎焊技术',
    summary:
      '针对平行流冷凝器和微通道蒸发器钎焊后焊点泄漏和残留腐蚀问题，开发低残留无腐蚀钎剂与连续式氮气保护钎焊温度曲线，钎焊泄漏率由1.5%降到0.2%以下，耐SWAAT盐雾腐蚀时间提高一倍。',
    field: 'auto-parts',
    keywords: ['微通道换热器', '钎焊', '平行流冷凝器', '汽车空调', '耐腐蚀'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010947253.5'],
    maturity: 'SMALL_BATCH',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(85),
    contactName: '沈老师',
    contactPhone: '0571-88320836',
    status: 'PUBLISHED',
  },
  {
    ownerName: '中国计量大学',
    title: '汽车空调压缩机噪声振动在线检测系统',
    summary:
      '在压缩机下线测试台上同步采集振动和声学信号，利用阶次分析与异常检测模型识别阀片异响、轴承损伤等缺陷，检测节拍20秒，漏检率低于0.5%。可与现有下线测试台对接。',
    field: 'auto-parts',
    keywords: ['压缩机', 'NVH', '噪声检测', '汽车空调', '下线测试'],
    ipKind: 'SOFTWARE_COPYRIGHT',
    ipNumbers: ['2022SR1208436'],
    maturity: 'PILOT',
    transferModes: ['LICENCE'],
    askingPriceFen: wan(45),
    contactName: '何老师',
    contactPhone: '0571-86835512',
    status: 'PUBLISHED',
  },
  {
    ownerName: '中国科学院宁波材料技术与工程研究所',
    title: '无铜低金属汽车制动摩擦材料配方',
    summary:
      '以钛酸钾晶须、芳纶浆粕和改性酚醛树脂替代铜纤维，制动片摩擦系数稳定在0.38至0.42，高温衰退率小于15%，磨损率优于行业标准，满足美国LeadFree法规对铜含量低于0.5%的要求。',
    field: 'auto-parts',
    keywords: ['摩擦材料', '刹车片', '无铜', '制动', '环保配方'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010375914.1'],
    maturity: 'PILOT',
    transferModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(160),
    contactName: '王老师',
    contactPhone: '0574-86685597',
    status: 'PUBLISHED',
  },

  // 新能源与电池
  {
    ownerName: '中国科学院宁波材料技术与工程研究所',
    title: '低温型磷酸铁锂正极材料碳包覆改性技术',
    summary:
      '采用纳米化一次颗粒与双层碳包覆加少量钒掺杂，磷酸铁锂正极在-20℃下0.5C放电容量保持率达到85%，10C倍率放电容量保持率90%。工艺与现有固相法产线兼容，适合储能和启停电池生产企业。',
    field: 'new-energy',
    keywords: ['磷酸铁锂', '正极材料', '低温性能', '碳包覆', '锂电池'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110846231.4'],
    maturity: 'PILOT',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT', 'EQUITY'],
    askingPriceFen: wan(280),
    contactName: '孙老师',
    contactPhone: '0574-86685231',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江大学',
    title: '储能电池组荷电状态精确估算算法',
    summary:
      '融合扩展卡尔曼滤波与老化模型在线辨识，电池组荷电状态(SOC)估算误差小于2%，健康状态(SOH)估算误差小于3%，可运行于普通32位单片机。提供算法库和电池管理系统接口说明。',
    field: 'new-energy',
    keywords: ['电池管理', 'SOC估算', 'BMS', '储能', '锂电池'],
    ipKind: 'SOFTWARE_COPYRIGHT',
    ipNumbers: ['2023SR0562093'],
    maturity: 'SMALL_BATCH',
    transferModes: ['LICENCE'],
    askingPriceFen: wan(60),
    contactName: '赵老师',
    contactPhone: '0571-87951804',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江工业大学',
    title: '废旧锂电池正极材料短流程再生技术',
    summary:
      '对退役磷酸铁锂和三元电池正极粉进行低温焙烧除杂与补锂固相再生，再生材料首次放电比容量恢复到新料的97%，锂回收率大于95%，较湿法回收降低成本约30%。',
    field: 'environment',
    keywords: ['电池回收', '正极材料', '再生', '锂回收'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202210438617.6'],
    maturity: 'LABORATORY',
    transferModes: ['JOINT_DEVELOPMENT'],
    askingPriceFen: wan(100),
    contactName: '钱老师',
    contactPhone: '0571-88320471',
    status: 'SUBMITTED',
  },

  // 生物医药
  {
    ownerName: '浙江工业大学',
    title: '连续流微反应器原料药硝化合成工艺',
    summary:
      '将间歇釜式硝化反应改为连续流微通道反应，持液量由数吨降到数升，反应时间由6小时缩短到2分钟，收率提高8个百分点，从本质上消除硝化工序的飞温爆炸风险。适用于原料药及医药中间体生产企业的安全改造。',
    field: 'biomedicine',
    keywords: ['连续流', '微反应器', '硝化', '原料药', '本质安全'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010618473.3', 'ZL202110205986.6'],
    maturity: 'PILOT',
    transferModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(200),
    contactName: '胡老师',
    contactPhone: '0571-88320945',
    status: 'PUBLISHED',
  },
  {
    ownerName: '丽水学院',
    title: '灵芝孢子粉低温破壁与三萜富集技术',
    summary:
      '采用低温气流破壁结合超临界CO₂萃取，灵芝孢子粉破壁率大于99%，总三萜含量提高到3%以上，避免高温破壁导致的油脂氧化。已在龙泉灵芝产区完成中试，可用于保健食品原料生产。',
    field: 'biomedicine',
    keywords: ['灵芝孢子粉', '破壁', '三萜', '超临界萃取', '龙泉'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110537824.2'],
    maturity: 'PILOT',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(65),
    contactName: '叶老师',
    contactPhone: '0578-2271365',
    status: 'PUBLISHED',
  },
  {
    ownerName: '绍兴文理学院',
    title: '中药配方颗粒指纹图谱质量控制方法',
    summary:
      '建立中药配方颗粒从饮片、标准汤剂到成品的全过程HPLC指纹图谱，并结合多成分定量，相似度判定阈值0.90，批间一致性显著提升。已覆盖黄芪、白术等12个品种，可直接用于企业质量标准申报。',
    field: 'biomedicine',
    keywords: ['中药配方颗粒', '指纹图谱', '质量控制', 'HPLC'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010584316.5'],
    maturity: 'SMALL_BATCH',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(55),
    contactName: '邵老师',
    contactPhone: '0575-88341276',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江大学',
    title: '口服缓释微丸制剂包衣工艺',
    summary:
      '采用流化床底喷包衣与双层膜控释结构，实现12小时平稳释放，体外释放批间差小于5%，与参比制剂溶出曲线相似因子f2大于60。适用于仿制药一致性评价中的缓释制剂开发。',
    field: 'biomedicine',
    keywords: ['缓释制剂', '微丸', '包衣', '一致性评价'],
    ipKind: 'KNOW_HOW',
    ipNumbers: [],
    maturity: 'LABORATORY',
    transferModes: ['JOINT_DEVELOPMENT'],
    askingPriceFen: null,
    contactName: '吕老师',
    contactPhone: '0571-87953062',
    status: 'DRAFT',
  },

  // 竹木与林产品加工
  {
    ownerName: '浙江农林大学',
    title: '竹材饱和蒸汽热处理防霉防变形技术',
    summary:
      '以180℃饱和蒸汽对竹片进行热处理，降解竹材中的淀粉和糖类，防霉等级达到0级，尺寸稳定性提高40%，不使用化学防腐剂。适用于竹筷、竹砧板、竹地板和竹家具等产品。',
    field: 'bamboo-wood',
    keywords: ['竹材', '热处理', '防霉', '尺寸稳定性', '竹制品'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL201910463287.4'],
    maturity: 'MASS_PRODUCTION',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(40),
    contactName: '楼老师',
    contactPhone: '0571-63741528',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江省林业科学研究院',
    title: '户外高耐候重组竹材制造技术',
    summary:
      '通过竹束疏解、热处理与酚醛树脂浸渍压制，重组竹密度1.1至1.2g/cm³，经2000小时人工加速老化后表面无开裂，吸水厚度膨胀率小于3%，可用于户外地板、栈道和景观构件。',
    field: 'bamboo-wood',
    keywords: ['重组竹', '户外', '耐候', '竹材', '景观材料'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010712864.1'],
    maturity: 'SMALL_BATCH',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(110),
    contactName: '方老师',
    contactPhone: '0571-87798315',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江农林大学',
    title: '儿童木制玩具低VOC水性涂装工艺',
    summary:
      '采用改性水性丙烯酸底漆与UV固化水性面漆组合，涂层VOC排放降低90%，可溶性重金属满足GB 6675和EN 71-3要求，耐唾液、耐汗渍色牢度4级以上。适用于木制玩具和儿童家具企业的涂装线改造。',
    field: 'bamboo-wood',
    keywords: ['木制玩具', '水性漆', '低VOC', '涂装', 'EN71'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110374529.X'],
    maturity: 'SMALL_BATCH',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(45),
    contactName: '楼老师',
    contactPhone: '0571-63741528',
    status: 'PUBLISHED',
  },
  {
    ownerName: '丽水学院',
    title: '畲族纹样竹木文创摆件系列外观设计',
    summary:
      '以景宁畲族彩带纹样为元素设计的竹木文创摆件、茶盘和收纳盒系列共18款，适合激光雕刻与数控加工批量生产，已在文旅市场试销。可整体转让外观设计专利及设计源文件。',
    field: 'bamboo-wood',
    keywords: ['文创', '外观设计', '竹木工艺品', '畲族纹样'],
    ipKind: 'DESIGN_PATENT',
    ipNumbers: ['ZL202230416827.6', 'ZL202230416835.0'],
    maturity: 'SMALL_BATCH',
    transferModes: ['TRANSFER'],
    askingPriceFen: wan(12),
    contactName: '蓝老师',
    contactPhone: '0578-2271548',
    status: 'PUBLISHED',
  },

  // 现代纺织与化纤
  {
    ownerName: '浙江理工大学',
    title: '海岛型超细纤维水性聚氨酯合成革基布技术',
    summary:
      '以海岛型超细纤维非织造布为基布，采用水性聚氨酯含浸与碱减量开纤工艺替代DMF溶剂型路线，产品剥离强度大于30N/3cm，手感接近真皮，生产过程无DMF排放。适用于超纤革和汽车内饰基布企业。',
    field: 'textiles',
    keywords: ['超细纤维', '合成革', '水性聚氨酯', '基布', '无溶剂'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010429168.X', 'ZL202110087352.5'],
    maturity: 'PILOT',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(170),
    contactName: '姚老师',
    contactPhone: '0571-86843571',
    status: 'PUBLISHED',
  },
  {
    ownerName: '绍兴文理学院',
    title: '涤纶织物低温少水分散染色技术',
    summary:
      '以新型分散染料增溶体系和小浴比气流染色配合，涤纶织物染色温度由130℃降到110℃，用水量减少40%，色牢度达到4级以上。已在柯桥印染企业完成中试，适合印染企业节能减排改造。',
    field: 'textiles',
    keywords: ['涤纶', '分散染色', '低温染色', '节水', '印染'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202110652871.1'],
    maturity: 'PILOT',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(90),
    contactName: '邵老师',
    contactPhone: '0575-88341276',
    status: 'PUBLISHED',
  },
  {
    ownerName: '绍兴文理学院',
    title: '坯布瑕疵人工智能视觉检测系统',
    summary:
      '在验布机上加装线阵相机，基于深度学习识别断经、断纬、油污、破洞等20类瑕疵，检出率95%，误报率低于3%，验布速度每分钟60米。软件可对接企业ERP，自动生成瑕疵报告。',
    field: 'digital',
    keywords: ['验布', '瑕疵检测', '机器视觉', '纺织', '人工智能'],
    ipKind: 'SOFTWARE_COPYRIGHT',
    ipNumbers: ['2022SR0948271'],
    maturity: 'SMALL_BATCH',
    transferModes: ['LICENCE'],
    askingPriceFen: wan(30),
    contactName: '钱老师',
    contactPhone: '0575-88341532',
    status: 'PUBLISHED',
  },
  {
    ownerName: '浙江理工大学',
    title: '熔体直纺在线添加抗菌涤纶长丝技术',
    summary:
      '在聚酯熔体直纺线上通过动态混合器在线注入纳米银锌复合抗菌母粒，抗菌率对金黄色葡萄球菌和大肠杆菌均大于99%，洗涤50次后仍大于95%，可纺性与常规长丝相当。',
    field: 'textiles',
    keywords: ['涤纶长丝', '熔体直纺', '抗菌', '功能纤维'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202210315746.6'],
    maturity: 'PILOT',
    transferModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    askingPriceFen: wan(140),
    contactName: '姚老师',
    contactPhone: '0571-86843571',
    status: 'SUBMITTED',
  },

  // 生态农业与食品
  {
    ownerName: '丽水市农林科学研究院',
    title: '香菇热泵低温分段干燥与品质控制技术',
    summary:
      '采用热泵除湿分段变温干燥曲线替代燃煤烘房，香菇干燥能耗降低45%，香菇素保留率提高20%，菌盖色泽均匀、开伞破碎率低于3%。配套智能控制柜，适用于庆元等香菇主产区的加工企业。',
    field: 'agriculture',
    keywords: ['香菇', '热泵干燥', '食用菌加工', '节能', '庆元'],
    ipKind: 'INVENTION_PATENT',
    ipNumbers: ['ZL202010894375.2'],
    maturity: 'MASS_PRODUCTION',
    transferModes: ['TRANSFER', 'LICENCE'],
    askingPriceFen: wan(30),
    contactName: '吴老师',
    contactPhone: '0578-2135876',
    status: 'PUBLISHED',
  },
  {
    ownerName: '丽水市农林科学研究院',
    title: '高山茶园早生绿茶新品种“丽早1号”',
    summary:
      '从丽水高山茶区选育的早生绿茶品种，春茶一芽一叶期比福鼎大白茶早7至10天，氨基酸含量4.5%，抗寒性强，适制扁形和卷曲形名优绿茶。提供品种权许可与配套栽培技术。',
    field: 'agriculture',
    keywords: ['茶树品种', '早生', '绿茶', '高山茶', '植物新品种'],
    ipKind: 'NEW_PLANT_VARIETY',
    ipNumbers: ['CNA20201004587'],
    maturity: 'MASS_PRODUCTION',
    transferModes: ['LICENCE'],
    askingPriceFen: wan(20),
    contactName: '吴老师',
    contactPhone: '0578-2135876',
    status: 'PUBLISHED',
  },

  // 数字经济与软件
  {
    ownerName: '浙江大学绍兴研究院',
    title: '中小制造企业设备预测性维护云平台',
    summary:
      '通过低成本振动温度传感器和边缘网关采集设备状态，平台以故障特征库和剩余寿命模型提前7天以上预警轴承、齿轮箱等故障，已在30余家企业接入500余台设备，非计划停机减少40%。',
    field: 'digital',
    keywords: ['预测性维护', '工业互联网', '设备监测', '边缘计算'],
    ipKind: 'SOFTWARE_COPYRIGHT',
    ipNumbers: ['2023SR0287645', '2023SR0287652'],
    maturity: 'MASS_PRODUCTION',
    transferModes: ['LICENCE', 'EQUITY'],
    askingPriceFen: wan(50),
    contactName: '陆老师',
    contactPhone: '0575-88063419',
    status: 'PUBLISHED',
  },
]

// ---------------------------------------------------------------------------
// Technical needs (技术需求) of the enterprises in the Lishui table. Several
// are answerable by a result above (noted), some on purpose by none.

const needFor = (enterpriseName: string, need: Omit<SeedNeed, 'enterpriseName'>): SeedNeed => ({ enterpriseName, ...need })

export const needs: SeedNeed[] = [
  // ↔ LNG超低温阀门阀座复合密封与深冷处理工艺
  needFor('浙江瑞兴阀门有限公司', {
    title: 'LNG超低温球阀阀座密封泄漏攻关',
    description:
      '公司生产的DN50至DN300超低温球阀在-196℃低温试验中阀座密封泄漏率偏高，出口订单要求满足BS 6364标准。希望获得成熟的低温阀座密封结构和阀体深冷处理工艺，并协助完成型式试验。',
    field: 'equipment',
    keywords: ['超低温阀门', 'LNG', '阀座密封', '深冷处理'],
    budgetMinFen: wan(50),
    budgetMaxFen: wan(120),
    wantedBy: '2027-06-30',
    acceptedModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '潘建国',
    contactPhone: '0578-6521837',
    status: 'PUBLISHED',
  }),
  // ↔ 无铜低金属汽车制动摩擦材料配方
  needFor('浙江科马摩擦材料有限公司', {
    title: '无铜环保刹车片配方开发',
    description:
      '为满足北美市场对制动片铜含量低于0.5%的法规要求，需要开发无铜或低铜配方，摩擦系数稳定在0.35至0.45之间，高温衰退和磨损性能不低于现有含铜产品，并能在现有热压生产线上量产。',
    field: 'auto-parts',
    keywords: ['摩擦材料', '刹车片', '无铜', '制动'],
    budgetMinFen: wan(80),
    budgetMaxFen: wan(200),
    wantedBy: '2027-09-30',
    acceptedModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '吴志强',
    contactPhone: '0578-8061542',
    status: 'PUBLISHED',
  }),
  // ↔ 低温型磷酸铁锂正极材料碳包覆改性技术; 储能电池组荷电状态精确估算算法
  needFor('宇恒电池股份有限公司', {
    title: '储能用磷酸铁锂电池低温性能提升',
    description:
      '公司储能电池产品在北方市场冬季使用时，-20℃放电容量不足常温的70%。希望通过正极材料改性或电解液优化，使-20℃、0.5C放电容量保持率达到80%以上，同时不降低循环寿命。',
    field: 'new-energy',
    keywords: ['磷酸铁锂', '低温性能', '储能电池', '正极材料'],
    budgetMinFen: wan(100),
    budgetMaxFen: wan(300),
    wantedBy: '2027-12-31',
    acceptedModes: ['LICENCE', 'JOINT_DEVELOPMENT', 'EQUITY'],
    contactName: '郑伟',
    contactPhone: '0578-8126437',
    status: 'PUBLISHED',
  }),
  // ↔ 新能源汽车R744二氧化碳热泵空调系统
  needFor('浙江基力思汽车空调有限公司', {
    title: '新能源汽车热泵空调系统开发',
    description:
      '公司计划从传统燃油车空调向新能源汽车热管理转型，需要开发适用于纯电动车的热泵空调系统，低温制热性能优于PTC方案，优先考虑CO₂等环保工质，希望与高校合作完成样机和整车匹配。',
    field: 'auto-parts',
    keywords: ['热泵空调', '新能源汽车', '热管理', 'CO2'],
    budgetMinFen: wan(150),
    budgetMaxFen: wan(400),
    wantedBy: '2027-12-31',
    acceptedModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '季晓东',
    contactPhone: '0578-7213648',
    status: 'PUBLISHED',
  }),
  // ↔ 汽车空调微通道换热器无腐蚀钎焊技术
  needFor('浙江创新汽车空调有限公司', {
    title: '平行流冷凝器钎焊泄漏率降低',
    description:
      '公司平行流冷凝器采用隧道炉钎焊，钎焊后氦检泄漏率约1.2%，且部分出口产品盐雾试验不合格。需要改进钎剂和钎焊温度曲线，将泄漏率降到0.3%以下并提高耐腐蚀性能。',
    field: 'auto-parts',
    keywords: ['平行流冷凝器', '钎焊', '微通道换热器', '耐腐蚀'],
    budgetMinFen: wan(60),
    budgetMaxFen: wan(150),
    wantedBy: '2027-05-31',
    acceptedModes: ['TRANSFER', 'LICENCE'],
    contactName: '叶建平',
    contactPhone: '0578-7126953',
    status: 'PUBLISHED',
  }),
  // ↔ 连续流微反应器原料药硝化合成工艺
  needFor('浙江方格药业有限公司', {
    title: '原料药硝化工序连续化安全改造',
    description:
      '按危险化工工艺安全整治要求，公司某原料药中间体的硝化工序需由间歇釜式改为连续化生产，降低在线持液量和飞温风险，同时保持或提高收率。希望引进成熟的连续流工艺并协助完成工程放大。',
    field: 'biomedicine',
    keywords: ['硝化', '连续流', '原料药', '本质安全'],
    budgetMinFen: wan(100),
    budgetMaxFen: wan(250),
    wantedBy: '2027-10-31',
    acceptedModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '刘敏',
    contactPhone: '0578-6213579',
    status: 'PUBLISHED',
  }),
  // ↔ 灵芝孢子粉低温破壁与三萜富集技术
  needFor('浙江国镜药业有限公司', {
    title: '灵芝孢子粉破壁与有效成分提升',
    description:
      '公司现用机械研磨破壁工艺破壁率约95%，产品存在油脂氧化导致的酸败味。希望采用低温破壁和萃取富集技术，破壁率达到98%以上，总三萜含量提升到2.5%以上，并延长保质期。',
    field: 'biomedicine',
    keywords: ['灵芝孢子粉', '破壁', '三萜', '保健食品'],
    budgetMinFen: wan(30),
    budgetMaxFen: wan(80),
    wantedBy: '2027-08-31',
    acceptedModes: ['TRANSFER', 'LICENCE'],
    contactName: '毛晓华',
    contactPhone: '0578-7321468',
    status: 'PUBLISHED',
  }),
  // ↔ 竹材饱和蒸汽热处理防霉防变形技术
  needFor('浙江九川竹木股份有限公司', {
    title: '竹制餐厨用品防霉处理技术',
    description:
      '公司出口竹砧板、竹筷在海运和梅雨季易发霉，现用防霉剂不符合部分国家食品接触材料要求。需要一种不使用化学药剂的物理防霉处理工艺，防霉等级达到0级，且不明显改变竹材颜色。',
    field: 'bamboo-wood',
    keywords: ['竹制品', '防霉', '热处理', '食品接触'],
    budgetMinFen: wan(20),
    budgetMaxFen: wan(60),
    wantedBy: '2027-04-30',
    acceptedModes: ['TRANSFER', 'LICENCE'],
    contactName: '吴建华',
    contactPhone: '0578-6125873',
    status: 'PUBLISHED',
  }),
  // ↔ 熔模精密铸造硅溶胶快干型壳技术; 铸件缩松缩孔数值模拟与浇注工艺优化软件
  needFor('浙江省青田超达铸造有限公司', {
    title: '精密铸造型壳干燥周期缩短',
    description:
      '公司以硅溶胶熔模铸造生产不锈钢阀门铸件，型壳制备需6至7层、每层干燥8小时以上，制壳周期长、在制品积压。希望缩短型壳干燥时间一半以上，同时解决部分阀体铸件的缩松问题。',
    field: 'casting',
    keywords: ['熔模铸造', '硅溶胶', '型壳', '缩松'],
    budgetMinFen: wan(30),
    budgetMaxFen: wan(100),
    wantedBy: '2027-06-30',
    acceptedModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '徐立新',
    contactPhone: '0578-6587324',
    status: 'PUBLISHED',
  }),
  // ↔ 碳化硅单晶衬底低损伤化学机械抛光工艺
  needFor('丽水中科半导体材料研究中心有限公司', {
    title: '6英寸碳化硅衬底抛光良率提升',
    description:
      '公司6英寸导电型碳化硅衬底中试线抛光环节去除率低、划痕多，抛光片良率不足80%。需要高效低损伤化学机械抛光工艺及抛光液配方，去除率达到1μm/h以上，表面粗糙度Ra小于0.2nm。',
    field: 'semiconductor',
    keywords: ['碳化硅', '衬底', '化学机械抛光', '良率'],
    budgetMinFen: wan(200),
    budgetMaxFen: wan(500),
    wantedBy: '2027-09-30',
    acceptedModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '杨帆',
    contactPhone: '0578-2691574',
    status: 'PUBLISHED',
  }),
  // ↔ 高纯金属溅射靶材晶粒细化与织构控制技术
  needFor('同创(丽水)特种材料有限公司', {
    title: '高纯钽靶材晶粒均匀性控制',
    description:
      '公司高纯钽靶材产品晶粒尺寸分布不均、织构存在带状分布，客户溅射后薄膜厚度均匀性不达标。需要锻造与热处理工艺优化方案，使平均晶粒尺寸小于50μm且分布均匀。',
    field: 'new-materials',
    keywords: ['溅射靶材', '钽', '晶粒细化', '织构'],
    budgetMinFen: wan(100),
    budgetMaxFen: wan(300),
    wantedBy: '2027-12-31',
    acceptedModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '方志远',
    contactPhone: '0578-2698413',
    status: 'PUBLISHED',
  }),
  // ↔ 海岛型超细纤维水性聚氨酯合成革基布技术
  needFor('浙江云中马股份有限公司', {
    title: '超细纤维合成革基布水性化工艺',
    description:
      '公司生产革基布，下游合成革客户要求无DMF环保基布。需要开发海岛超细纤维基布的水性聚氨酯含浸和开纤工艺，剥离强度和手感达到溶剂型产品水平，并可在现有产线上改造实现。',
    field: 'textiles',
    keywords: ['革基布', '超细纤维', '水性聚氨酯', '合成革'],
    budgetMinFen: wan(100),
    budgetMaxFen: wan(250),
    wantedBy: '2027-11-30',
    acceptedModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '叶宏伟',
    contactPhone: '0578-8157326',
    status: 'PUBLISHED',
  }),
  // ↔ 儿童木制玩具低VOC水性涂装工艺
  needFor('浙江童园玩具有限公司', {
    title: '木制玩具水性涂装线改造',
    description:
      '公司木制玩具以溶剂型油漆涂装为主，面临VOC排放治理压力，且欧盟客户对可迁移重金属要求趋严。希望改用水性涂料及配套干燥固化工艺，涂层附着力和耐唾液性能满足EN 71和GB 6675要求。',
    field: 'bamboo-wood',
    keywords: ['木制玩具', '水性漆', '涂装', 'VOC治理'],
    budgetMinFen: wan(20),
    budgetMaxFen: wan(50),
    wantedBy: '2027-03-31',
    acceptedModes: ['TRANSFER', 'LICENCE'],
    contactName: '柳晓燕',
    contactPhone: '0578-5526417',
    status: 'PUBLISHED',
  }),
  // ↔ 香菇热泵低温分段干燥与品质控制技术
  needFor('浙江百兴食品有限公司', {
    title: '香菇干制节能与品质提升',
    description:
      '公司香菇干制现用燃煤和燃柴烘房，能耗高、温度控制粗放，干菇色泽和香味不稳定。希望采用热泵等清洁能源干燥设备和干燥工艺，降低能耗30%以上，并提升干香菇等级率。',
    field: 'agriculture',
    keywords: ['香菇', '干燥', '热泵', '食用菌'],
    budgetMinFen: wan(15),
    budgetMaxFen: wan(40),
    wantedBy: '2027-08-31',
    acceptedModes: ['TRANSFER', 'LICENCE'],
    contactName: '吴丽娟',
    contactPhone: '0578-6218543',
    status: 'PUBLISHED',
  }),
  // ↔ 不锈钢焊管在线光亮固溶处理装置与工艺
  needFor('宝丰钢业集团有限公司', {
    title: '不锈钢焊管在线固溶处理工艺改进',
    description:
      '公司不锈钢焊管目前离线进罩式炉固溶，工序长、能耗高、表面氧化需酸洗。希望在焊管机组上增加在线光亮固溶处理，满足流体输送用管的晶间腐蚀试验要求，取消酸洗工序。',
    field: 'new-materials',
    keywords: ['不锈钢焊管', '固溶处理', '光亮退火', '节能'],
    budgetMinFen: wan(40),
    budgetMaxFen: wan(100),
    wantedBy: '2027-07-31',
    acceptedModes: ['TRANSFER', 'LICENCE'],
    contactName: '周国华',
    contactPhone: '0578-8082146',
    status: 'SUBMITTED',
  }),
  // ↔ 含金银电子废料湿法清洁回收技术
  needFor('浙江遂昌汇金有色金属有限公司', {
    title: '含金废料无氰提金工艺',
    description:
      '公司回收含金银废料，现用氰化浸出工艺环保压力大。需要无氰或低毒浸出体系，金浸出率不低于95%，浸出液可循环，并与现有电解精炼工序衔接。',
    field: 'environment',
    keywords: ['贵金属回收', '无氰浸出', '提金', '湿法冶金'],
    budgetMinFen: wan(80),
    budgetMaxFen: wan(150),
    wantedBy: '2027-10-31',
    acceptedModes: ['TRANSFER', 'JOINT_DEVELOPMENT'],
    contactName: '华建明',
    contactPhone: '0578-8523691',
    status: 'PUBLISHED',
  }),
  // ↔ 精密行星减速器齿轮修形与降噪技术
  needFor('浙江健壮传动科技有限公司', {
    title: '精密减速器背隙与噪声控制',
    description:
      '公司开发用于工业机器人和自动化设备的精密行星减速器，样机背隙和满载噪声偏大。需要齿轮修形设计和装配误差控制方法，背隙控制在5弧分以内，噪声低于65dB。',
    field: 'equipment',
    keywords: ['减速器', '齿轮修形', '背隙', '降噪'],
    budgetMinFen: wan(80),
    budgetMaxFen: wan(160),
    wantedBy: '2027-09-30',
    acceptedModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '陈晓军',
    contactPhone: '0578-2693257',
    status: 'PUBLISHED',
  }),
  // ↔ 铸造废砂焙烧再生与粉尘资源化利用
  needFor('遂昌德鑫铸钢有限公司', {
    title: '铸钢件废砂再生利用',
    description:
      '公司铸钢件年产生水玻璃和树脂废砂约1.5万吨，外运处置成本高。需要废砂再生工艺和装备方案，再生砂回用率不低于80%，粉尘能够资源化利用。',
    field: 'casting',
    keywords: ['铸造废砂', '再生', '固废', '铸钢'],
    budgetMinFen: wan(40),
    budgetMaxFen: wan(120),
    wantedBy: '2027-06-30',
    acceptedModes: ['TRANSFER', 'LICENCE'],
    contactName: '黄德兴',
    contactPhone: '0578-8536214',
    status: 'PUBLISHED',
  }),
  // ↔ 双金属带锯条激光焊接与齿尖强化技术
  needFor('浙江锯力煌工业科技股份有限公司', {
    title: '双金属带锯条使用寿命提升',
    description:
      '公司带锯条产品在锯切合金钢和不锈钢时易崩齿、断条，使用寿命与进口产品差距约30%。需要改进齿材与背材焊接质量和齿尖热处理工艺，使锯切寿命提升30%以上。',
    field: 'equipment',
    keywords: ['带锯条', '双金属', '焊接', '热处理'],
    budgetMinFen: wan(50),
    budgetMaxFen: wan(100),
    wantedBy: '2027-05-31',
    acceptedModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '李振华',
    contactPhone: '0578-3156827',
    status: 'PUBLISHED',
  }),
  // ↔ 阀门密封性能自动检测装置
  needFor('跃丰阀门制造有限公司', {
    title: '阀门出厂密封试验自动化',
    description:
      '公司阀门出厂密封试验以人工水压试验为主，效率低、记录不规范。希望建设自动化密封检测工位，一次装夹完成壳体和密封试验，检测数据自动记录可追溯。',
    field: 'equipment',
    keywords: ['阀门检测', '密封试验', '自动化', '泄漏检测'],
    budgetMinFen: wan(20),
    budgetMaxFen: wan(50),
    wantedBy: '2027-04-30',
    acceptedModes: ['TRANSFER'],
    contactName: '刘跃丰',
    contactPhone: '0578-5521763',
    status: 'PUBLISHED',
  }),

  // No result above answers these (on purpose).
  needFor('浙江恒大科技电气有限公司', {
    title: '低压配电电弧故障检测技术',
    description:
      '公司生产低压断路器和配电箱，需开发电弧故障检测保护(AFDD)功能，能在串联电弧发生后0.12秒内可靠识别并分断，同时避免电机、调光器等负载引起的误动作。',
    field: 'equipment',
    keywords: ['电弧故障', 'AFDD', '断路器', '低压电器'],
    budgetMinFen: wan(60),
    budgetMaxFen: wan(150),
    wantedBy: '2027-12-31',
    acceptedModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '蒋恒',
    contactPhone: '0578-2167539',
    status: 'PUBLISHED',
  }),
  needFor('浙江珏芯微电子有限公司', {
    title: '红外焦平面读出电路低噪声设计',
    description:
      '公司研制制冷型红外焦平面探测器，需要与之配套的低噪声读出电路设计能力，读出噪声小于300电子，帧频不低于100Hz，并支持积分时间可调。寻求有读出电路设计经验的团队合作开发。',
    field: 'semiconductor',
    keywords: ['红外探测器', '读出电路', '低噪声', '焦平面'],
    budgetMinFen: wan(200),
    budgetMaxFen: wan(500),
    wantedBy: '2027-12-31',
    acceptedModes: ['JOINT_DEVELOPMENT'],
    contactName: '高远',
    contactPhone: '0578-2695728',
    status: 'PUBLISHED',
  }),
  needFor('浙江金马逊机械有限公司', {
    title: '数控弯管机回弹在线补偿',
    description:
      '公司数控弯管机用于汽车排气管和空调管路加工，不同批次管材回弹差异大，需要反复试弯。希望开发基于在线测量的回弹预测与自动补偿算法，使弯曲角度误差控制在±0.1°以内。',
    field: 'equipment',
    keywords: ['弯管机', '回弹补偿', '数控', '在线测量'],
    budgetMinFen: wan(40),
    budgetMaxFen: wan(80),
    wantedBy: '2027-08-31',
    acceptedModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '王金龙',
    contactPhone: '0578-3187264',
    status: 'PUBLISHED',
  }),
  needFor('浙江华寅工艺品有限公司', {
    title: '竹木工艺品曲面自动打磨',
    description:
      '公司竹木工艺品以人工打磨为主，粉尘大、招工难、质量一致性差。希望开发适合小批量多品种异形曲面工件的机器人自动打磨工作站，效率达到人工的3倍以上。',
    field: 'bamboo-wood',
    keywords: ['自动打磨', '机器人', '竹木工艺品', '曲面'],
    budgetMinFen: wan(30),
    budgetMaxFen: wan(80),
    wantedBy: '2027-10-31',
    acceptedModes: ['TRANSFER', 'JOINT_DEVELOPMENT'],
    contactName: '梅华寅',
    contactPhone: '0578-5086215',
    status: 'PUBLISHED',
  }),
  needFor('浙江普崎数码科技有限公司', {
    title: 'UV喷墨打印玻璃陶瓷附着力提升',
    description:
      '公司UV平板打印机在玻璃、陶瓷等光滑基材上打印时墨层附着力不足，需要配套底涂或墨水配方改进，百格测试达到4B以上，并保证喷头长期使用不堵塞。',
    field: 'new-materials',
    keywords: ['UV墨水', '喷墨打印', '附着力', '玻璃'],
    budgetMinFen: null,
    budgetMaxFen: null,
    wantedBy: '2027-06-30',
    acceptedModes: ['TRANSFER', 'LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '应普崎',
    contactPhone: '0578-3218756',
    status: 'SUBMITTED',
  }),
  needFor('替科斯科技集团丽水流体设备有限公司', {
    title: '磁力驱动泵隔离套涡流损耗降低',
    description:
      '公司磁力驱动化工泵采用金属隔离套，涡流损耗使效率降低约8个百分点并导致发热。需要低涡流损耗隔离套材料和结构方案，耐压不低于2.5MPa，适用于腐蚀性介质。',
    field: 'equipment',
    keywords: ['磁力泵', '隔离套', '涡流损耗', '化工泵'],
    budgetMinFen: wan(50),
    budgetMaxFen: wan(120),
    wantedBy: '2027-09-30',
    acceptedModes: ['LICENCE', 'JOINT_DEVELOPMENT'],
    contactName: '蔡明',
    contactPhone: '0578-2176348',
    status: 'SUBMITTED',
  }),
  needFor('浙江福莱克铸造有限公司', {
    title: '球墨铸铁件石墨球化率在线检测',
    description:
      '公司生产球墨铸铁管件，浇注前无法快速判断铁水球化效果，偶有批量球化不良。需要炉前快速检测球化率的方法或设备，检测时间小于3分钟，判定结果与金相检测一致率大于95%。',
    field: 'casting',
    keywords: ['球墨铸铁', '球化率', '炉前检测', '铸造'],
    budgetMinFen: wan(20),
    budgetMaxFen: wan(60),
    wantedBy: '2027-07-31',
    acceptedModes: ['TRANSFER', 'LICENCE'],
    contactName: '雷福生',
    contactPhone: '0578-5089347',
    status: 'PUBLISHED',
  }),
]

// ---------------------------------------------------------------------------
// Reward policies (rules differ by city and year; each has a validity period).

export const rewardPolicies: SeedRewardPolicy[] = [
  {
    // 绍市科〔2022〕24号 七、加强科技成果转化服务: 技术开发和转让项目按实际发生
    // 技术交易额的10%奖励，通过技术市场竞价（拍卖）的按20%，每项最高50万元，
    // 单个企业年度最高不超过100万元。
    name: '绍市科〔2022〕24号 措施七',
    authority: '绍兴市科学技术局',
    validFrom: '2022-01-01T00:00:00+08:00',
    validTo: null,
    rateOutsideAuctionBp: 1000,
    rateViaAuctionBp: 2000,
    capPerContractFen: 50_000_000,
    capPerEnterpriseYearFen: 100_000_000,
    // 技术开发和转让项目: licences (技术许可, Civil Code art. 862) are not named.
    contractKinds: ['DEVELOPMENT', 'TRANSFER'],
    // 深化完善科技创新券制度 … 对具有创新需求的企业和创业者，每年分别给予最高20万元、10万元创新券额度.
    // The notice names no share of the price; half is the demo's choice (a policy field staff change by a version).
    voucher: { capEnterpriseFen: 20_000_000, capEntrepreneurFen: 10_000_000, shareBp: 5000 },
  },
  {
    // DEMO DATA: the Lishui notice (丽科〔2022〕12号) names no reward rates. So that a Lishui contract is not
    // rewarded under Shaoxing's measure (a policy applies to its bureau's region, decision 016), the demo gives
    // Lishui its own policy with the same terms as DOMAIN.md's rules: 10 % outside an auction, 20 % through it,
    // at most 500,000 CNY per contract and 1,000,000 CNY per enterprise per year. Invented name, not a real notice.
    name: '丽水市技术交易奖励（演示）',
    authority: '丽水市科学技术局',
    validFrom: '2022-01-01T00:00:00+08:00',
    validTo: null,
    rateOutsideAuctionBp: 1000,
    rateViaAuctionBp: 2000,
    capPerContractFen: 50_000_000,
    capPerEnterpriseYearFen: 100_000_000,
    contractKinds: ['DEVELOPMENT', 'TRANSFER'],
  },
]

function seedInstant(iso: string): number {
  const ms = parseInstant(iso)
  if (ms === null) throw new Error(`seed data: ${iso} is not an instant that exists`)
  return ms
}

/** A seed policy as the policy service takes it (instants in ms; the bureau that issued it). */
export function seedPolicyTerms(p: SeedRewardPolicy, bureauId: string | null) {
  return {
    name: p.name,
    authority: p.authority,
    bureauId,
    validFromMs: seedInstant(p.validFrom),
    validToMs: p.validTo === null ? null : seedInstant(p.validTo),
    rateOutsideAuctionBp: p.rateOutsideAuctionBp,
    rateViaAuctionBp: p.rateViaAuctionBp,
    capPerContractFen: p.capPerContractFen,
    capPerEnterpriseYearFen: p.capPerEnterpriseYearFen,
    contractKinds: p.contractKinds,
    voucher: p.voucher ?? null,
  }
}

// ---------------------------------------------------------------------------
// A past auction session, so the payment pages have something to show: the
// previous quarter's session, over; one lot sold and awaiting the balance
// (to the first demo enterprise), one sold and paid, one unsold; the
// enterprise that won nothing had its deposit refunded.

export interface SeedPastLot {
  resultTitle: string
  startingPriceFen: number
  incrementFen: number
  depositFen: number
  /** null: unsold (流拍). */
  sold: { buyerName: string; priceFen: number; balancePaid: boolean } | null
}

export const pastAuction: { title: string; registrations: string[]; lots: SeedPastLot[] } = {
  title: '科技成果竞价会（已结束）',
  registrations: ['浙江瑞兴阀门有限公司', '浙江科马摩擦材料有限公司', '宇恒电池股份有限公司'],
  lots: [
    {
      resultTitle: '多级降压低噪声调节阀阀芯设计方法',
      startingPriceFen: wan(80),
      incrementFen: wan(1),
      depositFen: wan(8),
      sold: { buyerName: '浙江瑞兴阀门有限公司', priceFen: wan(96), balancePaid: false },
    },
    {
      resultTitle: '无铜低金属汽车制动摩擦材料配方',
      startingPriceFen: wan(60),
      incrementFen: wan(1),
      depositFen: wan(6),
      sold: { buyerName: '浙江科马摩擦材料有限公司', priceFen: wan(75), balancePaid: true },
    },
    { resultTitle: '阀门密封性能自动检测装置', startingPriceFen: wan(30), incrementFen: wan(1), depositFen: wan(3), sold: null },
  ],
}

// ---------------------------------------------------------------------------
// Innovation vouchers (decision 018): a shared instrument and a testing service of 绍兴文理学院, approved, and a
// quota for the Shaoxing demo enterprise in the year the seed runs (Asia/Shanghai), under the Shaoxing policy.

export interface SeedVoucherService {
  provider: string
  kind: 'INSTRUMENT' | 'TEST'
  title: string
  description: string
  priceFen: number
  leadTimeDays: number
  location: string
}

export const voucherServices: SeedVoucherService[] = [
  {
    provider: '绍兴文理学院',
    kind: 'TEST',
    title: '纺织品纤维成分定量分析',
    description: '依据 GB/T 2910 对混纺织物进行纤维成分定性定量分析，出具带 CMA 标志的检测报告。',
    priceFen: 120_000,
    leadTimeDays: 7,
    location: '浙江省绍兴市越城区环城西路508号 分析测试中心',
  },
  {
    provider: '绍兴文理学院',
    kind: 'INSTRUMENT',
    title: '场发射扫描电子显微镜（SEM）机时',
    description: '场发射扫描电镜及能谱分析（EDS），按机时计费，含操作人员。适用于纤维表面形貌、涂层和断口分析。',
    priceFen: 60_000,
    leadTimeDays: 3,
    location: '浙江省绍兴市越城区环城西路508号 分析测试中心',
  },
]

export const voucherQuotas: { holder: string; bureau: string; holderKind: 'ENTERPRISE' | 'ENTREPRENEUR'; amountFen: number }[] = [
  { holder: '绍兴柯桥演示纺织科技有限公司', bureau: '绍兴市科学技术局', holderKind: 'ENTERPRISE', amountFen: 20_000_000 },
]

// ---------------------------------------------------------------------------
// Demo policy payments (issue 14 item 6, decision 020): invented Lishui contracts outside auctions during the 2022
// campaign, each paid in full, its reward (10 %) computed, approved and — for three of the four — paid out, so the
// funds-disbursed figures of the campaign are not empty: by 31 July two of four are paid, one is paid in August and
// one is still unpaid (late). prisma/seed-payouts.ts makes them through the real services, nothing is a stored total.

export interface SeedPolicyPayment {
  registrationNo: string
  enterprise: string
  seller: string
  kind: 'DEVELOPMENT' | 'TRANSFER'
  /** Contract amount, paid in full on `paidOn`; the reward is 10 % of it (outside an auction). */
  amountFen: number
  rewardFen: number
  signedOn: string
  paidOn: string
  approvedOn: string
  /** The day the reward was paid out, or null: still unpaid. */
  payoutOn: string | null
}

export const demoPolicyPayments: SeedPolicyPayment[] = [
  { registrationNo: 'DEMO-2022-LS-001', enterprise: '浙江恒大科技电气有限公司', seller: '丽水学院', kind: 'DEVELOPMENT', amountFen: 80_000_000, rewardFen: 8_000_000, signedOn: '2022-05-10', paidOn: '2022-06-20', approvedOn: '2022-06-28', payoutOn: '2022-07-05' },
  { registrationNo: 'DEMO-2022-LS-002', enterprise: '浙江珏芯微电子有限公司', seller: '浙江大学', kind: 'TRANSFER', amountFen: 150_000_000, rewardFen: 15_000_000, signedOn: '2022-04-18', paidOn: '2022-06-15', approvedOn: '2022-06-29', payoutOn: '2022-07-20' },
  { registrationNo: 'DEMO-2022-LS-003', enterprise: '浙江国镜药业有限公司', seller: '浙江工业大学', kind: 'DEVELOPMENT', amountFen: 60_000_000, rewardFen: 6_000_000, signedOn: '2022-06-01', paidOn: '2022-07-01', approvedOn: '2022-07-06', payoutOn: '2022-08-15' },
  { registrationNo: 'DEMO-2022-LS-004', enterprise: '浙江云中马股份有限公司', seller: '中国科学院宁波材料技术与工程研究所', kind: 'TRANSFER', amountFen: 50_000_000, rewardFen: 5_000_000, signedOn: '2022-06-10', paidOn: '2022-07-04', approvedOn: '2022-07-08', payoutOn: null },
]
