"""Phrase lists of the fidelity generator (`tests.generators`), one table per language.

A sentence is subject + time + modifier + verb + object (in the language's order), each
slot drawn without replacement within a post, so two sentences of one post share no
phrase until a list runs out. Verbs come as a stem with a positive and a negated form
(the negated one is a fact edit: both must survive). `{y}` is a year and `{n}` a small
number, filled in per sentence.

No list holds a digit-free negation word (not, ない, 不, 没, 않...) except in the negated
verb forms, so the only negations of a post are the ones a fact edit adds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Vocab:
    subjects: tuple[str, ...]
    times: tuple[str, ...]
    mods: tuple[str, ...]
    objects: tuple[str, ...]
    verbs: tuple[str, ...]  # stems (en: "past|base")
    sources: tuple[str, ...]
    topics: tuple[str, ...]
    aspects: tuple[str, ...]
    title_phrases: tuple[str, ...]
    labels: tuple[str, ...]
    table_header: tuple[str, str, str]
    table_labels: tuple[str, ...]


def _t(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.strip().split("\n") if x.strip())


EN = Vocab(
    subjects=_t("""
        The city council
        The regional health board
        A team of local researchers
        The national rail operator
        Several rural hospitals
        The state water authority
        A coalition of small farmers
        The central bank
        The environment ministry
        A university laboratory
        The consumer federation
        The largest bus company
        The municipal power utility
        The county library service
        The port authority
        The weather service
        The district school board
        A group of tenant associations
        The tourism office
        The chamber of commerce
        The main teachers union
        The housing agency
        The fire and rescue service
        The arts foundation
        The forestry commission
        The marine research institute
        The statistics office
        The patent office
        The postal service
        The neighbourhood committee
        The airport operator
        The river basin agency
        The public broadcaster
        The hospital trust
        The transport ministry
        The energy regulator
        The fisheries council
        The museum board
        The youth sports league
        The regional development bank
    """),
    times=_t("""
        last autumn
        earlier this year
        during the winter of {y}
        in the spring of {y}
        over the past {n} months
        at the end of {y}
        in the first half of {y}
        after a {n}-week consultation
        two weeks before the election
        in the summer of {y}
        late in {y}
        within {n} days of the storm
        at its meeting in March
        before the holiday season
        in its {y} annual report
        ahead of the {y} budget
        during a {n}-day review
        at the start of the school year
        shortly after the floods
        at its {n}th session
    """),
    mods=_t("""
        after a long public debate
        despite a tight budget
        with support from {n} local firms
        following an external audit
        at the request of residents
        in cooperation with {n} schools
        under pressure from local businesses
        to the surprise of many observers
        after complaints from {n} households
        on the advice of its engineers
        as part of a wider reform
        with help from volunteers
        in response to rising demand
        after a series of small trials
        at a cost of {n} million euros
        with backing from the regional government
        in line with new national rules
        after reviewing {n} case studies
        to cut waiting times
        to save about {n} percent of its costs
    """),
    objects=_t("""
        its plan for new bus routes
        the school meal programme
        the results of the river water survey
        a scheme to widen public wifi
        the structure of electricity tariffs
        grants for repairing old housing
        the urban tree planting plan
        a trial of night clinics
        housing support for young workers
        the rules for sorting household waste
        the cycle lane network
        a subsidy for rooftop solar panels
        the flood defence budget
        its guidance on remote working
        the contract for hospital cleaning
        a pilot of free school breakfasts
        the register of empty homes
        its strategy for coastal erosion
        the timetable for rail electrification
        a fund for small music venues
        the policy on short-term rentals
        the network of electric car chargers
        its code of conduct for landlords
        the archive digitisation project
        the pay scale for care workers
        the speed limit near primary schools
        a survey of bridge conditions
        the noise map of the city centre
        the programme of adult evening classes
        its forecast for winter demand
        the scheme for reusable coffee cups
        the audit of public land
        plans for a new ferry terminal
        the heat warning system
        the budget for street lighting
        the ban on garden bonfires
        the guide to recycling batteries
        the register of local charities
        the map of safe walking routes
        a levy on plastic bags
    """),
    verbs=_t("""
        expanded|expand
        reviewed|review
        postponed|postpone
        funded|fund
        published|publish
        approved|approve
        tested|test
        redesigned|redesign
        extended|extend
        audited|audit
        simplified|simplify
        announced|announce
        launched|launch
        restructured|restructure
        measured|measure
        questioned|question
        replaced|replace
        piloted|pilot
        defended|defend
        revised|revise
        shelved|shelve
        modernised|modernise
        evaluated|evaluate
        promoted|promote
        financed|finance
        adopted|adopt
        proposed|propose
        renewed|renew
        mapped|map
        updated|update
    """),
    sources=_t("""
        Reuters
        BBC News
        The Guardian
        Financial Times
        AP
        Bloomberg
    """),
    topics=_t("""
        Transport
        Housing
        Energy
        Water
        Health
        School
        Waste
        Tourism
        Library
        Harbour
        Forest
        Rail
    """),
    aspects=_t("""
        Budget
        Timeline
        Public Reaction
        Early Results
        Open Questions
        Background
        Costs
        Next Steps
        Key Figures
        Local Impact
        Risks
        Methods
        Findings
        Funding
        Staffing
        Data Sources
        Lessons Learned
        Outlook
        Summary
        Legal Issues
    """),
    title_phrases=_t("""
        What Changed in {y}
        A Year of Decisions
        Notes from the Council
        What the Numbers Show
        Plans, Costs and Delays
    """),
    labels=_t("""
        Cost
        Scope
        Timing
        Risk
        Benefit
        Status
        Owner
        Evidence
    """),
    table_header=("Item", "What changed", "Year"),
    table_labels=_t("""
        Bus routes
        Tariffs
        Clinics
        Waste rules
        Street lights
        Ferries
        Libraries
        Bridges
    """),
)

JA = Vocab(
    subjects=_t("""
        地元の研究チーム
        県の教育委員会
        大手の電力会社
        市内の総合病院
        農業協同組合
        中央銀行
        環境省
        大学の研究所
        消費者団体
        路線バスの運営会社
        市の水道局
        町の図書館
        港湾局
        気象台
        地域の保健所
        観光協会
        商工会議所
        教職員組合
        住宅供給公社
        消防本部
        文化財団
        林野庁
        海洋研究機構
        統計局
        特許庁
        日本郵便
        自治会の連合会
        空港の運営会社
        河川事務所
        公共放送局
        病院の経営陣
        国土交通省
        電力広域機関
        漁業協同組合
        美術館の理事会
        少年サッカー連盟
        地方銀行
        NPO法人の代表
        鉄道会社
        市議会
    """),
    times=_t("""
        昨年の秋
        今年の上半期
        {y}年の春
        過去{n}か月の間
        ここ数週間
        今期
        前の冬
        {y}年の末
        {n}週間の意見募集の後
        選挙の直前
        {y}年の夏
        {n}日間の審査の後
        春の定例会
        年度の初め
        大雨の直後
        {y}年度の報告書で
        先月の会合で
        新学期の前
        台風の通過後
        第{n}回の協議で
    """),
    mods=_t("""
        住民説明会を経て
        限られた予算の中で
        地元企業{n}社の協力を得て
        外部監査の結果を受けて
        住民の要望に応じて
        学校{n}校と連携して
        地元商店街の要請を受けて
        多くの専門家の予想に反して
        {n}世帯からの苦情を受けて
        技術者の助言に基づいて
        制度改革の一環として
        ボランティアの協力で
        需要の増加に対応して
        小規模な試行を重ねた上で
        約{n}億円をかけて
        国の新しい指針に沿って
        {n}件の事例を検討した上で
        待ち時間を短くするために
        費用を約{n}%削減するために
        県の支援を受けて
    """),
    objects=_t("""
        新しいバス路線の計画
        学校給食の改善案
        河川の水質調査の結果
        公衆Wi-Fiの拡充事業
        電気料金の仕組み
        古い住宅の改修支援
        都市緑化の計画
        夜間診療の試行
        若者向けの住宅支援策
        ごみの出し方のルール
        自転車道の整備計画
        屋根置き太陽光の補助金
        堤防の補強予算
        テレワークの指針
        病院清掃の契約
        学校での朝食提供の試行
        空き家の登録制度
        海岸侵食の対策
        鉄道電化の工程表
        小さなライブハウスへの基金
        民泊の規制方針
        EV充電網の整備計画
        家主向けの行動規範
        古文書のデジタル化事業
        介護職の賃金表
        小学校周辺の速度制限
        橋の点検調査
        市街地の騒音地図
        社会人向けの夜間講座
        冬の電力需要の予測
        マイボトルの普及策
        公有地の監査
        新しいフェリー乗り場の計画
        熱中症の警報システム
        街灯の予算
        野焼きの禁止措置
        電池回収の手引き
        地域の慈善団体の名簿
        安全な通学路の地図
        レジ袋の課金制度
    """),
    verbs=_t("""
        発表
        延期
        承認
        公開
        導入
        拡大
        検討
        提案
        修正
        撤回
        強化
        評価
        調査
        支援
        採用
        簡素化
        延長
        改定
        試行
        更新
    """),
    sources=_t("""
        NHK
        日本経済新聞
        Reuters
        共同通信
        Nikkei Asia
    """),
    topics=_t("""
        交通
        住宅
        エネルギー
        水道
        医療
        学校
        ごみ処理
        観光
        図書館
        港湾
        森林
        鉄道
    """),
    aspects=_t("""
        予算
        日程
        住民の反応
        初期の結果
        残る課題
        背景
        費用
        今後の予定
        主な数字
        地域への影響
        リスク
        調査方法
        調査結果
        財源
        人員体制
        データの出所
        得られた教訓
        見通し
        まとめ
        法的な論点
    """),
    title_phrases=_t("""
        最近の動き
        一年間の記録
        議会での決定
        数字で見る変化
        計画と費用と遅れ
    """),
    labels=_t("""
        費用
        範囲
        時期
        リスク
        効果
        状況
        担当
        根拠
    """),
    table_header=("項目", "内容", "年"),
    table_labels=_t("""
        バス路線
        料金
        診療所
        ごみの規則
        街灯
        フェリー
        図書館
        橋梁
    """),
)

ZH = Vocab(
    subjects=_t("""
        市政府
        省教育厅
        当地的人民医院
        大学研究团队
        农业合作社
        中央银行
        生态环境部门
        高校实验室
        消费者协会
        公交集团
        电力公司
        区政府
        图书馆协会
        港口集团
        气象部门
        社区卫生服务中心
        水务集团
        文化和旅游局
        中小企业联合会
        铁路部门
        工会组织
        住房保障中心
        消防救援支队
        文化基金会
        林业部门
        海洋研究所
        统计部门
        知识产权局
        邮政公司
        社区居委会
        机场集团
        流域管理局
        公共广播机构
        医院管理层
        交通运输部门
        能源监管机构
        渔业协会
        博物馆理事会
        青少年足球联盟
        地方商业银行
    """),
    times=_t("""
        去年秋天
        今年上半年
        {y}年春季
        过去{n}个月里
        最近几周
        本季度
        上个冬季
        {y}年年底
        在为期{n}周的征求意见后
        选举前夕
        {y}年夏天
        经过{n}天的审查后
        在春季例会上
        新学年开始前
        暴雨过后
        在{y}年度报告中
        在上月的会议上
        节假日之前
        台风过境后
        在第{n}轮协商中
    """),
    mods=_t("""
        经过多轮公开讨论
        在预算紧张的情况下
        在{n}家本地企业的支持下
        根据外部审计的结果
        应居民的要求
        与{n}所学校合作
        在商户的压力下
        出乎许多观察人士的意料
        在收到{n}户居民的投诉后
        听取工程师的建议后
        作为整体改革的一部分
        在志愿者的帮助下
        为应对需求增长
        在多次小规模试点后
        投入约{n}亿元
        按照国家的新规定
        在研究了{n}个案例之后
        为缩短等候时间
        为节省约{n}%的成本
        在省里的支持下
    """),
    objects=_t("""
        新的公交线路规划
        学校午餐改革方案
        河流水质监测结果
        公共Wi-Fi扩建项目
        阶梯电价制度
        老旧小区改造补贴
        城市绿地建设计划
        夜间门诊试点
        青年住房支持政策
        垃圾分类管理规定
        自行车道建设计划
        屋顶光伏补贴
        防洪堤加固预算
        远程办公指引
        医院保洁合同
        免费早餐试点
        空置房屋登记制度
        海岸侵蚀治理方案
        铁路电气化时间表
        小型演出场所扶持基金
        短租房管理办法
        电动汽车充电网络规划
        房东行为准则
        档案数字化工程
        护理人员薪酬标准
        小学周边限速措施
        桥梁安全检测
        市中心噪声地图
        成人夜校课程
        冬季用电需求预测
        可重复使用咖啡杯推广计划
        公共土地审计
        新渡轮码头方案
        高温预警系统
        路灯维护预算
        露天焚烧禁令
        废旧电池回收指南
        本地慈善组织名录
        安全步行路线图
        塑料袋收费制度
    """),
    verbs=_t("""
        启动
        公布
        调整
        审议
        推迟
        扩大
        批准
        修订
        评估
        提交
        完成
        暂停
        加强
        简化
        延长
        采纳
        试行
        更新
        撤回
        资助
    """),
    sources=_t("""
        新华网
        财新
        人民日报
        澎湃新闻
        Reuters
    """),
    topics=_t("""
        交通
        住房
        能源
        供水
        医疗
        教育
        垃圾处理
        旅游
        图书馆
        港口
        林业
        铁路
    """),
    aspects=_t("""
        预算
        时间表
        公众反应
        初步结果
        待解问题
        背景
        成本
        下一步
        关键数据
        地方影响
        风险
        研究方法
        主要发现
        资金来源
        人员配置
        数据来源
        经验教训
        前景
        小结
        法律问题
    """),
    title_phrases=_t("""
        近期动向
        一年来的记录
        议会的决定
        数字里的变化
        计划、成本与延误
    """),
    labels=_t("""
        成本
        范围
        时间
        风险
        收益
        现状
        负责方
        依据
    """),
    table_header=("项目", "说明", "年份"),
    table_labels=_t("""
        公交线路
        电价
        门诊
        垃圾规定
        路灯
        渡轮
        图书馆
        桥梁
    """),
)

KO = Vocab(
    subjects=_t("""
        시의회
        교육청
        지역 종합병원
        대학 연구팀
        농업협동조합
        중앙은행
        환경부
        대학 연구소
        소비자 단체
        시내버스 회사
        전력 공사
        구청
        도서관 협회
        항만 공사
        기상청
        보건소
        수자원 공사
        관광 공사
        중소기업 연합회
        철도 공사
        노동조합
        주택 공사
        소방본부
        문화재단
        산림청
        해양 연구원
        통계청
        특허청
        우정사업본부
        주민자치회
        공항 공사
        유역 관리청
        공영 방송사
        병원 경영진
        국토교통부
        에너지 규제 기관
        어업협동조합
        박물관 이사회
        유소년 축구 연맹
        지방 은행
    """),
    times=_t("""
        지난해 가을
        올해 상반기에
        {y}년 봄에
        지난 {n}개월 동안
        최근 몇 주 사이에
        이번 분기에
        지난겨울
        {y}년 말에
        {n}주간의 의견 수렴 끝에
        선거 직전에
        {y}년 여름에
        {n}일간의 심사 끝에
        봄 정기 회의에서
        새 학기 직전에
        폭우 직후에
        {y}년 연례 보고서에서
        지난달 정례 회의에서
        명절 연휴 전에
        태풍이 지나간 뒤
        {n}차 협의에서
    """),
    mods=_t("""
        주민 설명회를 거쳐
        빠듯한 예산 속에서
        지역 기업 {n}곳의 도움으로
        외부 감사 결과를 바탕으로
        주민들의 요청에 따라
        학교 {n}곳과 협력해
        상인들의 요구를 받아들여
        많은 전문가의 예상과 달리
        {n}가구의 민원을 받은 뒤
        기술진의 조언에 따라
        제도 개편의 일환으로
        자원봉사자들의 도움을 받아
        늘어나는 수요에 맞춰
        여러 차례 소규모 시범 운영을 거쳐
        약 {n}억 원을 들여
        새 국가 지침에 맞춰
        {n}건의 사례를 검토한 뒤
        대기 시간을 줄이기 위해
        비용을 약 {n}% 줄이기 위해
        도의 지원을 받아
    """),
    objects=_t("""
        새 버스 노선 계획
        학교 급식 개선안
        하천 수질 조사 결과
        공공 와이파이 확대 사업
        전기 요금 체계
        노후 주택 수리 지원
        도시 숲 조성 계획
        야간 진료 시범 사업
        청년 주거 지원 정책
        분리배출 규정
        자전거 도로 정비 계획
        지붕 태양광 보조금
        제방 보강 예산
        재택근무 지침
        병원 청소 계약
        무료 아침 급식 시범 사업
        빈집 등록 제도
        해안 침식 대책
        철도 전철화 일정
        소규모 공연장 지원 기금
        단기 임대 규제 방침
        전기차 충전망 구축 계획
        임대인 행동 강령
        고문서 디지털화 사업
        요양보호사 임금표
        초등학교 주변 속도 제한
        교량 안전 점검
        도심 소음 지도
        성인 야간 강좌
        겨울철 전력 수요 예측
        다회용 컵 보급 계획
        공유지 감사
        새 여객선 터미널 계획
        폭염 경보 체계
        가로등 관리 예산
        야외 소각 금지 조치
        폐건전지 수거 안내서
        지역 자선 단체 명단
        안전한 통학로 지도
        비닐봉지 유료화 제도
    """),
    verbs=_t("""
        발표
        검토
        도입
        연기
        확대
        승인
        공개
        수정
        강화
        평가
        제출
        완료
        중단
        간소화
        연장
        채택
        시행
        갱신
        철회
        지원
    """),
    sources=_t("""
        연합뉴스
        KBS
        한겨레
        Reuters
    """),
    topics=_t("""
        교통
        주거
        에너지
        상수도
        의료
        교육
        폐기물
        관광
        도서관
        항만
        산림
        철도
    """),
    aspects=_t("""
        예산
        일정
        주민 반응
        초기 결과
        남은 과제
        배경
        비용
        다음 단계
        주요 수치
        지역 영향
        위험 요인
        조사 방법
        조사 결과
        재원
        인력 운영
        자료 출처
        얻은 교훈
        전망
        요약
        법적 쟁점
    """),
    title_phrases=_t("""
        최근의 변화
        한 해의 기록
        의회의 결정
        숫자로 본 변화
        계획과 비용과 지연
    """),
    labels=_t("""
        비용
        범위
        시기
        위험
        효과
        현황
        담당
        근거
    """),
    table_header=("항목", "내용", "연도"),
    table_labels=_t("""
        버스 노선
        요금
        진료소
        배출 규정
        가로등
        여객선
        도서관
        교량
    """),
)

VOCABS = {"en": EN, "ja": JA, "zh": ZH, "ko": KO}
