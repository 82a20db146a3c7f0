/**
 * The label dictionary: every identifier the code uses that a reader could
 * see (clusters, metrics, policy instruments, firm types, policy mixes,
 * regression variables, model parameters, lab columns) → an English label, a
 * Korean label and the unit. Tables, figures, the report, notebooks and the
 * workshop translate identifiers here so that `daegu_gyeongbuk` reads as
 * "Daegu-Gyeongbuk" (대구경북) and `kappaInfra` as "infrastructure saturation scale".
 *
 * Ground floor: plain data, no imports, safe in the browser. Cluster Korean
 * names are `name_ko` of data/clusters.csv (a test checks the two agree).
 */

export type Lang = "en" | "ko";

export interface Label {
  en: string;
  ko: string;
  /** Unit of the quantity, when it has one ("KRW bn", "count", "share", …). */
  unit?: string;
}

type Dict = Record<string, Label>;

/** The 19 clusters: a short English name and `name_ko` from data/clusters.csv. */
export const CLUSTER_LABELS: Dict = {
  osong: { en: "Osong", ko: "오송생명과학단지·오송첨단의료복합단지" },
  daegu_gyeongbuk: { en: "Daegu-Gyeongbuk", ko: "대구경북첨단의료복합단지" },
  songdo: { en: "Songdo", ko: "송도 바이오클러스터" },
  pangyo: { en: "Pangyo", ko: "판교테크노밸리" },
  gwanggyo: { en: "Gwanggyo", ko: "광교테크노밸리" },
  hongneung: { en: "Hongneung", ko: "홍릉 바이오의료 클러스터(서울바이오허브)" },
  magok: { en: "Magok", ko: "마곡산업단지" },
  wonju: { en: "Wonju", ko: "원주 의료기기 클러스터" },
  chuncheon: { en: "Chuncheon", ko: "춘천 바이오클러스터" },
  jecheon: { en: "Jecheon", ko: "제천 한방바이오밸리" },
  andong: { en: "Andong", ko: "경북바이오산업단지(안동)" },
  pohang: { en: "Pohang", ko: "포항 바이오클러스터" },
  hwasun: { en: "Hwasun", ko: "화순 백신산업특구" },
  iksan: { en: "Iksan", ko: "익산 국가식품클러스터" },
  daedeok: { en: "Daedeok", ko: "대덕 바이오클러스터" },
  ochang: { en: "Ochang", ko: "오창과학산업단지" },
  gangneung: { en: "Gangneung", ko: "강릉과학산업단지" },
  dongnam: { en: "Dongnam (Yangsan-Gimhae)", ko: "동남권 의생명특화단지" },
  jeju: { en: "Jeju", ko: "제주테크노파크 바이오융합센터" },
  all: { en: "national (all clusters and outside)", ko: "전국(클러스터 안팎 전체)" },
  none: { en: "outside the clusters", ko: "클러스터 밖" },
};

/** Short Korean cluster names for axes and legends, where the full `name_ko` would crowd the chart. */
export const CLUSTER_SHORT_KO: Record<string, string> = {
  osong: "오송", daegu_gyeongbuk: "대구경북", songdo: "송도", pangyo: "판교", gwanggyo: "광교", hongneung: "홍릉",
  magok: "마곡", wonju: "원주", chuncheon: "춘천", jecheon: "제천", andong: "안동", pohang: "포항", hwasun: "화순",
  iksan: "익산", daedeok: "대덕", ochang: "오창", gangneung: "강릉", dongnam: "동남권", jeju: "제주", all: "전국", none: "클러스터 밖",
};

/** Policy instruments (the shares of a mix). */
export const INSTRUMENT_LABELS: Dict = {
  infrastructure: { en: "infrastructure", ko: "인프라" },
  rnd_grants: { en: "R&D grants", ko: "R&D 보조금" },
  talent: { en: "talent", ko: "인력 양성" },
  finance: { en: "finance", ko: "금융 지원" },
  networking: { en: "networking", ko: "네트워킹" },
  commercialisation: { en: "commercialisation", ko: "사업화 지원" },
};

/** Firm types (stage and size class). */
export const FIRM_TYPE_LABELS: Dict = {
  startup: { en: "start-ups", ko: "창업기업" },
  established: { en: "established firms", ko: "기존기업" },
  small: { en: "small firms", ko: "소기업" },
  medium: { en: "medium firms", ko: "중기업" },
  large: { en: "large firms", ko: "대기업" },
};

/** The six preset policy mixes (labels as in data/policy-mixes/*.json). */
export const MIX_LABELS: Dict = {
  status_quo: { en: "Status quo (2018 policy)", ko: "현상 유지(2018년 정책)" },
  efficiency_shift: { en: "Efficiency shift", ko: "효율성 전환" },
  talent_first: { en: "Talent first", ko: "인력 우선" },
  finance_first: { en: "Finance first", ko: "금융 우선" },
  network_first: { en: "Network first", ko: "네트워크 우선" },
  customised: { en: "Customised by firm type", ko: "기업 유형별 맞춤" },
};

/** Simulator outcomes, with units (must agree with the model's metricUnit). */
export const METRIC_LABELS: Dict = {
  firms: { en: "firms", ko: "기업 수", unit: "count" },
  entries: { en: "entering firms", ko: "진입 기업", unit: "count" },
  exits: { en: "exiting firms", ko: "퇴출 기업", unit: "count" },
  employment: { en: "employment", ko: "고용", unit: "count" },
  researchers: { en: "researchers", ko: "연구인력", unit: "count" },
  sales: { en: "sales", ko: "매출", unit: "KRW bn" },
  rnd: { en: "R&D spending", ko: "R&D 투자", unit: "KRW bn" },
  innovators: { en: "product innovators", ko: "제품혁신 기업", unit: "count" },
  patents: { en: "patents", ko: "특허", unit: "count" },
  collaborating_share: { en: "share of firms collaborating", ko: "협력 기업 비중", unit: "share" },
  unfunded_demand: { en: "unfunded funding demand", ko: "미충족 자금 수요", unit: "KRW bn" },
  unfilled_vacancies: { en: "unfilled researcher vacancies", ko: "미충원 연구직", unit: "count" },
  spend: { en: "policy spending", ko: "정책 지출", unit: "KRW bn" },
  realloc: { en: "policy money reallocated in (+) or out (−)", ko: "재배분된 정책 자금(+ 유입, − 유출)", unit: "KRW bn" },
  infra: { en: "infrastructure stock", ko: "인프라 스톡", unit: "KRW bn" },
  talent: { en: "talent pool", ko: "인력 풀", unit: "count" },
  capital: { en: "venture capital", ko: "벤처 자본", unit: "KRW bn" },
  knowledge: { en: "knowledge stock", ko: "지식 스톡", unit: "index" },
  index: { en: "cluster index", ko: "클러스터 지수", unit: "0-100" },
};

/** Regression variables of the determinants models and the survey. */
export const VARIABLE_LABELS: Dict = {
  "(Intercept)": { en: "constant", ko: "상수항" },
  alpha: { en: "dispersion (NB2 α)", ko: "과산포 모수(NB2 α)" },
  log_researchers: { en: "researchers (log)", ko: "연구인력(로그)" },
  log_employees: { en: "employees (log)", ko: "종업원 수(로그)" },
  log_rnd: { en: "R&D spending (log)", ko: "R&D 투자(로그)" },
  collaborating: { en: "collaborates with others", ko: "외부 협력 여부" },
  support_rnd_grant: { en: "received an R&D grant", ko: "R&D 보조금 수혜" },
  in_cluster: { en: "located in a cluster", ko: "클러스터 입지" },
  startup: { en: "start-up (under 7 years)", ko: "창업기업" },
  pre_revenue: { en: "no sales yet", ko: "매출 발생 전" },
  product_innovation: { en: "product innovation", ko: "제품혁신" },
  process_innovation: { en: "process innovation", ko: "공정혁신" },
  sales_growth: { en: "sales growth", ko: "매출 증가율" },
  sector: { en: "sector", ko: "업종" },
  sector_bio_pharma: { en: "sector: bio-pharmaceuticals", ko: "업종: 바이오의약" },
  sector_bio_food: { en: "sector: bio-food", ko: "업종: 바이오식품" },
  sector_bio_chem_energy: { en: "sector: bio-chemicals and energy", ko: "업종: 바이오화학·에너지" },
  sector_bio_services: { en: "sector: bio-services", ko: "업종: 바이오서비스" },
  sector_bio_devices: { en: "sector: bio-medical devices", ko: "업종: 바이오의료기기" },
  sector_bio_equipment: { en: "sector: bio-equipment", ko: "업종: 바이오장비·기기" },
  sector_bio_other: { en: "sector: other bio", ko: "업종: 기타 바이오" },
  innovation: { en: "product innovation (logit)", ko: "제품혁신(로짓)" },
  patent_apps: { en: "patent applications", ko: "특허 출원" },
  // Public marginals the synthetic survey is calibrated to (data/survey_dgp.json).
  very_large_firm_share: { en: "share of firms with 1,000+ employees (whole firm)", ko: "종사자 1,000명 이상 기업 비중" },
  production_share_bio_pharma: { en: "share of production: bio-pharmaceuticals", ko: "생산 중 바이오의약 비중" },
  production_share_bio_food: { en: "share of production: bio-food", ko: "생산 중 바이오식품 비중" },
  production_share_bio_chem_energy: { en: "share of production: bio-chemicals and energy", ko: "생산 중 바이오화학·에너지 비중" },
  production_share_bio_services: { en: "share of production: bio-services", ko: "생산 중 바이오서비스 비중" },
  rnd_bio_pharma_krw_bn: { en: "R&D spending: bio-pharmaceuticals (KRW bn)", ko: "R&D 투자: 바이오의약(10억 원)" },
  rnd_bio_chem_energy_krw_bn: { en: "R&D spending: bio-chemicals and energy (KRW bn)", ko: "R&D 투자: 바이오화학·에너지(10억 원)" },
  rnd_bio_devices_krw_bn: { en: "R&D spending: bio-medical devices (KRW bn)", ko: "R&D 투자: 바이오의료기기(10억 원)" },
  export_share_bio_pharma: { en: "share of exports: bio-pharmaceuticals", ko: "수출 중 바이오의약 비중" },
  export_share_bio_food: { en: "share of exports: bio-food", ko: "수출 중 바이오식품 비중" },
  export_share_bio_services: { en: "share of exports: bio-services", ko: "수출 중 바이오서비스 비중" },
  // The national series (data/national_bio_industry.csv).
  holdout: { en: "hold-out year (1 = yes)", ko: "검증용 연도(1 = 예)" },
  domestic_sales_krw_tn: { en: "domestic sales (KRW tn)", ko: "내수 판매(조 원)", unit: "KRW tn" },
  rnd_krw_tn: { en: "R&D spending (KRW tn)", ko: "R&D 투자(조 원)", unit: "KRW tn" },
  startups_founded: { en: "start-ups founded", ko: "창업 기업 수", unit: "count" },
  startups_closed: { en: "start-ups closed", ko: "폐업 창업기업 수", unit: "count" },
  // The estimates artefacts.
  innovation_heterogeneity: { en: "product innovation with interactions (logit)", ko: "제품혁신, 상호작용 포함(로짓)" },
};

/** Structural parameters of the simulator and the lab's levers. */
export const PARAMETER_LABELS: Dict = {
  kappaInfra: { en: "infrastructure saturation scale", ko: "인프라 포화 규모", unit: "KRW bn" },
  deltaInfra: { en: "infrastructure depreciation", ko: "인프라 감가상각률", unit: "share" },
  deltaKnowledge: { en: "knowledge depreciation", ko: "지식 감가상각률", unit: "share" },
  additionality: { en: "R&D grant additionality", ko: "R&D 보조금 추가성" },
  grantSize: { en: "typical R&D grant (2018)", ko: "R&D 보조금 표준 규모(2018)", unit: "KRW mn" },
  grantCoverage: { en: "R&D grant recipients at the 2018 intensity", ko: "2018 수준의 R&D 보조금 수혜 비율", unit: "share" },
  grantDosePeak: { en: "R&D grant size at peak effect", ko: "R&D 보조금 효과 정점 규모", unit: "× typical grant" },
  grantNeedElasticity: { en: "elasticity of a grant to R&D spending", ko: "R&D 지출에 대한 보조금 탄력성" },
  awardCap: { en: "largest award per firm", ko: "기업당 최대 지원액", unit: "× typical award" },
  coverageElasticity: { en: "elasticity of recipients to the budget", ko: "예산에 대한 수혜 기업 수 탄력성" },
  supportDosePeak: { en: "support size at peak effect", ko: "지원 효과 정점 규모", unit: "× typical award" },
  networkCoverage: { en: "networking recipients at the 2018 intensity", ko: "2018 수준의 네트워킹 지원 수혜 비율", unit: "share" },
  commCoverage: { en: "commercialisation recipients at the 2018 intensity", ko: "2018 수준의 사업화 지원 수혜 비율", unit: "share" },
  costPerTrained: { en: "cost per trained researcher", ko: "연구인력 1인당 양성 비용", unit: "KRW mn" },
  leverage: { en: "private won per public won", ko: "민간 매칭 배수" },
  networkEffect: { en: "effect of networking support", ko: "네트워킹 지원 효과" },
  networkSupportSize: { en: "typical networking award (2018)", ko: "네트워킹 지원 표준 규모(2018)", unit: "KRW mn" },
  commEffect: { en: "effect of commercialisation support", ko: "사업화 지원 효과" },
  commSupportSize: { en: "typical commercialisation award (2018)", ko: "사업화 지원 표준 규모(2018)", unit: "KRW mn" },
  tieDecay: { en: "collaboration tie decay", ko: "협력 관계 해소율", unit: "share" },
  tieNetwork: { en: "tie formation per network density", ko: "네트워크 밀도당 협력 형성" },
  talentOutflow: { en: "talent outflow", ko: "인력 유출률", unit: "share" },
  researcherTurnover: { en: "researcher turnover", ko: "연구인력 이직률", unit: "share" },
  graduatesPerUniversity: { en: "graduates per university", ko: "대학당 졸업생 수", unit: "count" },
  margin: { en: "gross margin", ko: "매출총이익률", unit: "share" },
  overheadPerEmployee: { en: "overhead per employee", ko: "종업원 1인당 간접비", unit: "KRW mn" },
  fundingHorizon: { en: "funding horizon", ko: "자금 조달 기간", unit: "years" },
  exitBase: { en: "baseline exit rate", ko: "기본 퇴출률", unit: "share" },
  exitCash: { en: "exit effect of negative cash", ko: "현금 부족의 퇴출 효과" },
  exitYoung: { en: "exit effect of youth", ko: "업력 5년 미만의 퇴출 효과" },
  exitFalling: { en: "exit effect of falling sales", ko: "매출 감소의 퇴출 효과" },
  exitInfra: { en: "exit effect of infrastructure", ko: "인프라의 퇴출 억제 효과" },
  entryRate: { en: "entry rate", ko: "진입률", unit: "share" },
  entryKnowledge: { en: "entry elasticity to knowledge", ko: "지식에 대한 진입 탄력성" },
  entryCapital: { en: "entry elasticity to capital", ko: "자본에 대한 진입 탄력성" },
  entryIndex: { en: "entry elasticity to the index", ko: "지수에 대한 진입 탄력성" },
  entryInfra: { en: "entry effect of infrastructure", ko: "인프라의 진입 효과" },
  vcKnowledge: { en: "venture capital elasticity to knowledge", ko: "지식에 대한 벤처자본 탄력성" },
  revenueBase: { en: "first revenue, base log-odds", ko: "첫 매출 기본 로그오즈" },
  revenueInnovation: { en: "first revenue, effect of innovation", ko: "혁신의 첫 매출 효과" },
  revenueInfra: { en: "first revenue, effect of infrastructure", ko: "인프라의 첫 매출 효과" },
  rndElasticity: { en: "researchers' elasticity to R&D", ko: "R&D에 대한 연구인력 탄력성" },
  employmentElasticity: { en: "employment elasticity to sales", ko: "매출에 대한 고용 탄력성" },
  demandSmoothing: { en: "survey-demand smoothing", ko: "설문 수요 평활화", unit: "count" },
  institutionalOutput: { en: "knowledge per anchor institution", ko: "거점기관당 지식 산출" },
  rndUpFactor: { en: "own R&D growth when funded", ko: "자금 충분 시 자체 R&D 증가 배수" },
  rndDownFactor: { en: "own R&D cut when short of funds", ko: "자금 부족 시 자체 R&D 감소 배수" },
  rndFloor: { en: "smallest own R&D", ko: "최소 자체 R&D", unit: "KRW mn" },
  rndIntensityEstablished: { en: "target R&D intensity, established sellers", ko: "기성 매출기업 목표 R&D 집약도", unit: "share" },
  rndIntensityStartup: { en: "target R&D intensity, start-up sellers", ko: "창업 매출기업 목표 R&D 집약도", unit: "share" },
  rndAdjustment: { en: "R&D adjustment speed", ko: "R&D 조정 속도", unit: "share" },
  salesDrift: { en: "sales drift above the Gibrat threshold", ko: "지브라 임계 이상 매출 추세 성장률" },
  gibratPercentile: { en: "Gibrat threshold percentile", ko: "지브라 법칙 임계 백분위", unit: "share" },
  salesCatchUp: { en: "small sellers' catch-up rate", ko: "소규모 매출기업 추격 성장률" },
  salesSdSize: { en: "size elasticity of growth s.d.", ko: "성장 표준편차의 규모 탄력성" },
  talentRenewal: { en: "talent pool renewal", ko: "인재풀 갱신율", unit: "share" },
  fundAttractBase: { en: "investors' base attractiveness", ko: "투자 매력도 기본값" },
  fundAttractInnovator: { en: "attractiveness of innovators", ko: "혁신 기업의 투자 매력도" },
  fundAttractMature: { en: "attractiveness of proven firms", ko: "검증된 기업의 투자 매력도" },
  fundMatureAge: { en: "age of a proven firm", ko: "검증 기업 업력", unit: "years" },
  fundedShareLow: { en: "least share of need funded", ko: "조달 필요액 최소 충족 비율", unit: "share" },
  fundedShareWidth: { en: "spread of the share of need funded", ko: "조달 필요액 충족 비율 범위", unit: "share" },
  startingCashFloor: { en: "least starting cash", ko: "최소 초기 현금", unit: "KRW mn" },
  startingCashSpread: { en: "spread of starting cash", ko: "초기 현금 변동 폭" },
  tieDensityMin: { en: "least collaboration density (calibration)", ko: "최소 협력 밀도(보정)", unit: "share" },
  tieDensityMax: { en: "largest collaboration density (calibration)", ko: "최대 협력 밀도(보정)", unit: "share" },
  commSalesDamping: { en: "commercialisation sales-growth damping", ko: "사업화 매출성장 감쇠 계수" },
  supportPersistence: { en: "persistence of support's sales effect", ko: "지원의 매출 효과 지속률" },
  firstRevenue: { en: "median first revenue", ko: "첫 매출 중앙값", unit: "KRW mn" },
  firstRevenueSpread: { en: "spread of first revenue", ko: "첫 매출 변동 폭" },
  exitYoungAge: { en: "age below which a firm is young", ko: "신생 기업 기준 업력", unit: "years" },
  talentPrioritySmall: { en: "small firms' hiring priority", ko: "소기업 채용 우선도", unit: "share" },
  talentPriorityMedium: { en: "medium firms' hiring priority", ko: "중기업 채용 우선도", unit: "share" },
  fundAttractPreRevenue: { en: "attractiveness lost before first sales", ko: "매출 발생 전 기업의 투자 매력도 감소" },
  fundAttractLarge: { en: "attractiveness of large firms", ko: "대기업의 투자 매력도" },
  infraNoResearchShare: { en: "infrastructure effect without in-house research", ko: "자체 연구인력 없는 기업의 인프라 효과 비율", unit: "share" },
  "budget multiple": { en: "budget multiple", ko: "예산 배수" },
  "infrastructure share": { en: "infrastructure share", ko: "인프라 비중", unit: "share" },
};

/** Pillars of the composite index (data/recipes/default.json). */
export const PILLAR_LABELS: Dict = {
  infrastructure: { en: "infrastructure", ko: "인프라" },
  human_resources: { en: "human resources", ko: "인적 자원" },
  funding: { en: "funding", ko: "자금" },
  networks: { en: "networks", ko: "네트워크" },
  performance: { en: "performance", ko: "성과" },
};

/** Indicators of the composite index. */
export const INDICATOR_LABELS: Dict = {
  infra_stock: { en: "infrastructure stock", ko: "인프라 스톡", unit: "KRW bn" },
  infra_per_firm: { en: "infrastructure per firm", ko: "기업당 인프라", unit: "KRW bn" },
  land_ha: { en: "land area", ko: "부지 면적", unit: "ha" },
  researcher_share: { en: "researchers' share of employment", ko: "고용 중 연구인력 비중", unit: "share" },
  anchors: { en: "anchor institutions", ko: "앵커 기관", unit: "count" },
  talent_pool: { en: "local talent pool", ko: "지역 인력 풀", unit: "count" },
  risk_capital: { en: "risk capital", ko: "위험 자본", unit: "KRW bn" },
  capital_per_firm: { en: "capital per firm", ko: "기업당 자본", unit: "KRW bn" },
  gov_support_rate: { en: "share of firms with government support", ko: "정부 지원 기업 비중", unit: "share" },
  unfunded_share: { en: "share of firms with unmet funding needs", ko: "자금 수요 미충족 기업 비중", unit: "share" },
  collaboration: { en: "collaboration", ko: "협력", unit: "share" },
  hospital_links: { en: "hospital links", ko: "병원 연계", unit: "count" },
  university_links: { en: "university links", ko: "대학 연계", unit: "count" },
  export_share: { en: "export share of sales", ko: "매출 중 수출 비중", unit: "share" },
  patents_per_firm: { en: "patents per firm", ko: "기업당 특허", unit: "count" },
  innovator_share: { en: "share of firms innovating", ko: "혁신 기업 비중", unit: "share" },
  startup_share: { en: "share of start-ups", ko: "창업기업 비중", unit: "share" },
};

/** Development stages of the diagnosis. */
export const STAGE_LABELS: Dict = {
  formation: { en: "formation", ko: "형성기" },
  growth: { en: "growth", ko: "성장기" },
  mature: { en: "mature", ko: "성숙기" },
};

/** Methodological choices varied in the index's sensitivity analysis. */
export const INDEX_FACTOR_LABELS: Dict = {
  normalisation: { en: "normalisation", ko: "정규화 방법" },
  weights: { en: "weights", ko: "가중치" },
  aggregation: { en: "aggregation", ko: "집계 방법" },
  "dropped indicator": { en: "dropped indicator", ko: "제외 지표" },
};

/** Sectors of the survey (bio-industry classification). */
export const SECTOR_LABELS: Dict = {
  bio_pharma: { en: "bio-pharmaceuticals", ko: "바이오의약" },
  bio_food: { en: "bio-food", ko: "바이오식품" },
  bio_chem_energy: { en: "bio-chemicals and energy", ko: "바이오화학·에너지" },
  bio_services: { en: "bio-services", ko: "바이오서비스" },
  bio_devices: { en: "bio-medical devices", ko: "바이오의료기기" },
  bio_equipment: { en: "bio-equipment", ko: "바이오장비·기기" },
  bio_other: { en: "other bio", ko: "기타 바이오" },
};

/** Rules of the development-stage diagnosis. */
export const STAGE_RULE_LABELS: Dict = {
  formationFirms: { en: "formation: fewer firms than", ko: "형성기: 기업 수 미만" },
  formationYears: { en: "formation: younger than (years)", ko: "형성기: 업력 미만(년)" },
  matureFirms: { en: "mature: at least this many firms", ko: "성숙기: 기업 수 이상" },
  matureYears: { en: "mature: at least this old (years)", ko: "성숙기: 업력 이상(년)" },
  matureFirmsIfUndated: { en: "mature if undated: at least this many firms", ko: "설립연도 미상 시 성숙기: 기업 수 이상" },
};

/** Column names of result tables (summaries, differences, the lab). */
export const COLUMN_LABELS: Dict = {
  scenario: { en: "policy mix", ko: "정책 조합" },
  baseline: { en: "compared with", ko: "비교 기준" },
  cluster: { en: "cluster", ko: "클러스터" },
  year: { en: "year", ko: "연도" },
  metric: { en: "outcome", ko: "성과 지표" },
  mean: { en: "mean", ko: "평균" },
  p05: { en: "5th percentile", ko: "5 백분위" },
  p50: { en: "median", ko: "중앙값" },
  p95: { en: "95th percentile", ko: "95 백분위" },
  pAbove: { en: "share of replicates above the baseline", ko: "기준보다 높은 반복 비율", unit: "share" },
  ciLow: { en: "95 % CI of the mean, lower", ko: "평균의 95% 신뢰구간 하한" },
  ciHigh: { en: "95 % CI of the mean, upper", ko: "평균의 95% 신뢰구간 상한" },
  muStar: { en: "μ* (mean absolute elementary effect)", ko: "μ*(기본효과 절대값 평균)" },
  mu: { en: "μ (mean elementary effect)", ko: "μ(기본효과 평균)" },
  sigma: { en: "σ (spread of elementary effects)", ko: "σ(기본효과 표준편차)" },
  pAWins: { en: "P(the mix beats the status quo)", ko: "현상 유지보다 나을 확률", unit: "share" },
  meanDifference: { en: "mean difference", ko: "평균 차이" },
  factor: { en: "factor", ko: "요인" },
  first: { en: "first-order index", ko: "1차 민감도 지수" },
  total: { en: "total-order index", ko: "총 민감도 지수" },
  rank: { en: "rank", ko: "순위" },
  stage: { en: "stage", ko: "발전 단계" },
  score: { en: "index score (0–100)", ko: "지수 점수(0–100)" },
  strongest: { en: "strongest pillar", ko: "강점 부문" },
  weakest: { en: "weakest pillar", ko: "약점 부문" },
  gain: { en: "gain over the horizon", ko: "기간 누적 개선" },
  spend: { en: "policy spending", ko: "정책 지출", unit: "KRW bn" },
  perKrwBn: { en: "gain per KRW bn of cost difference", ko: "비용 차이 10억 원당 개선" },
  perKrwBnCiLow: { en: "gain per KRW bn, 95 % interval, lower", ko: "10억 원당 개선 95% 구간 하한" },
  perKrwBnCiHigh: { en: "gain per KRW bn, 95 % interval, upper", ko: "10억 원당 개선 95% 구간 상한" },
  baselineSpend: { en: "policy spending of the baseline", ko: "기준의 정책 지출", unit: "KRW bn" },
  costDiff: { en: "cost difference from the baseline", ko: "기준 대비 비용 차이", unit: "KRW bn" },
  basis: { en: "cost compared with the baseline", ko: "기준 대비 비용" },
  replicates: { en: "replicates", ko: "반복 수" },
  seed: { en: "seed", ko: "시드" },
  baselineMean: { en: "baseline mean", ko: "기준 평균" },
  rel: { en: "relative difference", ko: "상대 차이", unit: "share" },
  relCiLow: { en: "relative difference, 95 % CI, lower", ko: "상대 차이 95% 신뢰구간 하한", unit: "share" },
  relCiHigh: { en: "relative difference, 95 % CI, upper", ko: "상대 차이 95% 신뢰구간 상한", unit: "share" },
  gainP05: { en: "gain, 5th percentile of replicates", ko: "개선 반복 5 백분위" },
  gainP95: { en: "gain, 95th percentile of replicates", ko: "개선 반복 95 백분위" },
  gainCiLow: { en: "gain, 95 % CI of the mean, lower", ko: "개선 평균의 95% 신뢰구간 하한" },
  gainCiHigh: { en: "gain, 95 % CI of the mean, upper", ko: "개선 평균의 95% 신뢰구간 상한" },
  meanGain: { en: "mean gain", ko: "평균 개선" },
  searchValue: { en: "optimum on the search replicates", ko: "탐색 반복에서의 최적값" },
  searchPresetValue: { en: "preset on the search replicates", ko: "탐색 반복에서의 기존 조합값" },
  gainLow: { en: "gain, lower end", ko: "개선 하한" },
  gainHigh: { en: "gain, upper end", ko: "개선 상한" },
  pLow: { en: "P(claim holds), lower half of the range", ko: "범위 하반부에서 결론이 성립할 확률", unit: "share" },
  pHigh: { en: "P(claim holds), upper half of the range", ko: "범위 상반부에서 결론이 성립할 확률", unit: "share" },
  fragile: { en: "fails in part of the range", ko: "범위 일부에서 불성립" },
  parameter: { en: "parameter", ko: "모수" },
  marginal: { en: "margin", ko: "주변 분포" },
  target: { en: "target", ko: "목표" },
  achieved: { en: "achieved", ko: "달성" },
  tolerance: { en: "tolerance", ko: "허용 오차" },
  firms_surveyed: { en: "firms surveyed", ko: "조사 기업 수", unit: "count" },
  production_krw_tn: { en: "production (KRW tn)", ko: "생산(조 원)", unit: "KRW tn" },
  exports_krw_tn: { en: "exports (KRW tn)", ko: "수출(조 원)", unit: "KRW tn" },
  production_krw_bn: { en: "production (KRW bn)", ko: "생산(10억 원)", unit: "KRW bn" },
  rnd_krw_bn: { en: "R&D spending (KRW bn)", ko: "R&D 투자(10억 원)", unit: "KRW bn" },
  pre_revenue_share: { en: "share of firms without revenue yet", ko: "매출 발생 전 기업 비중", unit: "share" },
  exports_share_of_production: { en: "exports as a share of production", ko: "생산 대비 수출 비중", unit: "share" },
  small_firm_share: { en: "share of small firms", ko: "소기업 비중", unit: "share" },
};

/** Labels added at run time (the codebook's variable labels, registered when it is loaded). */
const EXTRA: Dict = {};
const CODEBOOK: Dict = {};

/**
 * Adds the codebook's labels: they are used for identifiers the dictionary
 * does not know, and first when asked for `{ kind: "codebook" }` (the fields
 * of a data file, where "established" is a founding year, not a firm type).
 */
export function registerLabels(d: Dict): void {
  for (const [k, v0] of Object.entries(d)) {
    const v = { ...v0, en: relabelText(v0.en) };
    CODEBOOK[k] ??= v;
    if (!findLabel(k) && !EXTRA[k]) EXTRA[k] = v;
  }
}

const DICTS: Dict[] = [CLUSTER_LABELS, MIX_LABELS, METRIC_LABELS, INSTRUMENT_LABELS, FIRM_TYPE_LABELS, VARIABLE_LABELS, PARAMETER_LABELS, PILLAR_LABELS, INDICATOR_LABELS, STAGE_LABELS, INDEX_FACTOR_LABELS, SECTOR_LABELS, STAGE_RULE_LABELS, COLUMN_LABELS, EXTRA];

/** Looks an identifier up in every dictionary; null when it has no entry. */
export function findLabel(id: string): Label | null {
  for (const d of DICTS) {
    const l = d[id];
    if (l) return l;
  }
  // An interaction term "a:b" reads as "label(a) × label(b)".
  if (id.includes(":")) {
    const parts = id.split(":").map((x) => findLabel(x));
    if (parts.every((l): l is Label => l !== null)) return { en: parts.map((l) => l.en).join(" × "), ko: parts.map((l) => l.ko).join(" × ") };
  }
  const m = /^(spend|realloc|firms|innovators)_(.+)$/.exec(id);
  if (m) {
    const head = METRIC_LABELS[m[1] as string] as Label;
    const tail = INSTRUMENT_LABELS[m[2] as string] ?? FIRM_TYPE_LABELS[m[2] as string];
    if (tail) return { en: `${head.en}: ${tail.en}`, ko: `${head.ko}: ${tail.ko}`, ...(head.unit ? { unit: head.unit } : {}) };
  }
  return null;
}

/**
 * Replaces identifiers inside a sentence by their labels ("Bio firms in sector
 * bio_pharma" → "Bio firms in sector bio-pharmaceuticals", "area_m2 / 10,000"
 * → "Area (m²) / 10,000"); addresses and file names are left alone.
 */
export function relabelText(s: string, lang: Lang = "en"): string {
  if (/^(https?:|file:)/.test(s)) return s;
  // An identifier may carry its table ("clusters.infra_krw_bn"): the label replaces both.
  return s.replace(/(^|[\s(;,:=×/])(?:[a-z]+\.)?([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*)(?=$|[\s),;:.=×/])/g, (m, pre: string, id: string) => {
    const l = findLabel(id);
    return l ? `${pre}${l[lang]}` : m;
  });
}

/** Turns an unknown identifier into words: "unfunded_demand" → "unfunded demand", "muStar" → "mu star". */
export function humanise(id: string): string {
  return id.replace(/_/g, " ").replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);
}

/** Which dictionary to look in first, where an identifier means different things ("talent": a metric or an instrument). */
export type LabelKind = "cluster" | "mix" | "metric" | "instrument" | "firmType" | "variable" | "parameter" | "pillar" | "indicator" | "column" | "codebook";

const KIND: Record<LabelKind, Dict> = {
  cluster: CLUSTER_LABELS, mix: MIX_LABELS, metric: METRIC_LABELS, instrument: INSTRUMENT_LABELS, firmType: FIRM_TYPE_LABELS,
  variable: VARIABLE_LABELS, parameter: PARAMETER_LABELS, pillar: PILLAR_LABELS, indicator: INDICATOR_LABELS, column: COLUMN_LABELS, codebook: CODEBOOK,
};

/**
 * The reader's label of an identifier: `label("daegu_gyeongbuk")` = "Daegu-Gyeongbuk",
 * `label("daegu_gyeongbuk", "ko")` = "대구경북첨단의료복합단지", `label("kappaInfra")` =
 * "infrastructure saturation scale". Unknown identifiers are turned into words.
 * `short: true` gives the short Korean cluster names for axes; `kind` says which
 * dictionary to try first.
 */
export function label(id: string, lang: Lang = "en", o: { short?: boolean; kind?: LabelKind } = {}): string {
  if (lang === "ko" && o.short && CLUSTER_SHORT_KO[id]) return CLUSTER_SHORT_KO[id] as string;
  const l = (o.kind ? KIND[o.kind][id] : undefined) ?? findLabel(id);
  if (l) return l[lang];
  return humanise(id);
}

/** The unit of an identifier (a metric, parameter or column), or undefined. */
export function unitOf(id: string): string | undefined {
  return findLabel(id)?.unit;
}

/** How a unit reads in an axis title or table header: "KRW bn", "%", "0–100"; counts have none. */
export function unitText(unit: string | undefined): string {
  if (unit === undefined || unit === "count" || unit === "index" || unit === "") return "";
  if (unit === "share") return "%";
  if (unit === "0-100") return "0–100";
  return unit;
}

/** "sales (KRW bn)", "firms" — a label with its unit, for axis titles and table headers. */
export function labelWithUnit(id: string, lang: Lang = "en", o: { kind?: LabelKind } = {}): string {
  const u = unitText(unitOf(id));
  const l = label(id, lang, o);
  return u ? `${l} (${u})` : l;
}
