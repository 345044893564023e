"""Generate a synthetic corpus of municipal DX plans, as a complete scratch project.

    .venv/bin/python tools/gen_corpus.py --n 100 --out /tmp/dx-corpus-100 [--seed 1] [--source .]

The scratch folder is a buildable copy of this project (mkdocs.yml, macros/, overrides/,
docs/assets, docs/{ja,en}/index.md, data/units.yml, data/schema) with the real plans replaced by
N synthetic ones:

- municipalities are spread over the 47 prefectures (real names, ja/en) in proportion to the real
  number of municipalities in each (1,741 in all: 792 cities, 743 towns, 183 villages and Tokyo's
  23 special wards); names are built from kanji with their readings (北山市 / Kitayama City);
- each has a 地方公共団体コード-shaped 6-digit id with its real check digit, used as the slug
  (``m012025``); a municipality keeps its id, name and plan for every N and the same seed;
- each plan is shaped like the real ones: about 30 initiatives in 3–4 pillars with roadmaps over
  fiscal years and milestones, 6 KPIs with baseline, actuals and target, 20 glossary terms,
  all bilingual, written in the project's own YAML format (checked by macros.core.load.load_site);
- pages docs/{ja,en}/plans/<id>/index.md, initiatives.md and glossary.md call the macros
  plan_header, structure, kpi_table, roadmap, initiatives and glossary, with prose around them
  and no typed figures (so `dxplans check` passes too).

Output depends only on --seed and --n (and on the copied project files).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from macros.core import prefectures  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".dx-corpus"  # written into every generated folder; only such folders are ever replaced

# --------------------------------------------------------------------------------------------
# Prefectures (code, names from macros/core/prefectures.py) with their real number of municipalities
# (cities and Tokyo's wards, towns, villages)
# --------------------------------------------------------------------------------------------

MUNICIPALITY_COUNTS: dict[int, int] = {
    1: 179, 2: 40, 3: 33, 4: 35, 5: 25, 6: 35, 7: 59, 8: 44, 9: 25, 10: 35, 11: 63, 12: 54, 13: 62,
    14: 33, 15: 30, 16: 15, 17: 19, 18: 17, 19: 27, 20: 77, 21: 42, 22: 35, 23: 54, 24: 29, 25: 19,
    26: 26, 27: 43, 28: 41, 29: 39, 30: 30, 31: 19, 32: 19, 33: 27, 34: 23, 35: 19, 36: 24, 37: 17,
    38: 20, 39: 34, 40: 60, 41: 20, 42: 21, 43: 45, 44: 18, 45: 26, 46: 43, 47: 41,
}
PREFECTURES: list[tuple[int, str, str, int]] = [(code, ja, en, MUNICIPALITY_COUNTS[code])
                                                for code, ja, en in prefectures.PREFECTURES]
TOTAL_MUNICIPALITIES = sum(p[3] for p in PREFECTURES)  # 1741
TOKYO_WARDS = 23

# Kanji with a reading (romaji, hiragana). Names are two of them, sometimes three.
KANJI: list[tuple[str, str, str]] = [
    ("北", "kita", "きた"), ("南", "minami", "みなみ"), ("東", "higashi", "ひがし"), ("西", "nishi", "にし"),
    ("上", "kami", "かみ"), ("下", "shimo", "しも"), ("中", "naka", "なか"), ("大", "o", "お"),
    ("小", "ko", "こ"), ("高", "taka", "たか"), ("長", "naga", "なが"), ("新", "shin", "しん"),
    ("山", "yama", "やま"), ("川", "kawa", "かわ"), ("田", "ta", "た"), ("野", "no", "の"),
    ("原", "hara", "はら"), ("島", "shima", "しま"), ("浜", "hama", "はま"), ("沢", "sawa", "さわ"),
    ("岡", "oka", "おか"), ("崎", "saki", "さき"), ("津", "tsu", "つ"), ("井", "i", "い"),
    ("木", "ki", "き"), ("森", "mori", "もり"), ("林", "bayashi", "ばやし"), ("松", "matsu", "まつ"),
    ("竹", "take", "たけ"), ("梅", "ume", "うめ"), ("桜", "sakura", "さくら"), ("菊", "kiku", "きく"),
    ("石", "ishi", "いし"), ("宮", "miya", "みや"), ("本", "moto", "もと"), ("谷", "ya", "や"),
    ("富", "tomi", "とみ"), ("白", "shira", "しら"), ("黒", "kuro", "くろ"), ("赤", "aka", "あか"),
    ("青", "ao", "あお"), ("若", "waka", "わか"), ("清", "kiyo", "きよ"), ("福", "fuku", "ふく"),
    ("吉", "yoshi", "よし"), ("美", "mi", "み"), ("朝", "asa", "あさ"), ("日", "hi", "ひ"),
    ("月", "tsuki", "つき"), ("鶴", "tsuru", "つる"), ("亀", "kame", "かめ"), ("磯", "iso", "いそ"),
    ("瀬", "se", "せ"), ("江", "e", "え"), ("浦", "ura", "うら"), ("坂", "saka", "さか"),
    ("尾", "o", "お"), ("倉", "kura", "くら"), ("里", "sato", "さと"), ("郷", "go", "ごう"),
    ("平", "taira", "たいら"), ("安", "yasu", "やす"), ("豊", "toyo", "とよ"), ("栄", "sakae", "さかえ"),
]
LANGS = ("ja", "en")
KIND_WORDS = {"city": ("市", "City"), "ward": ("区", "Ward"), "town": ("町", "Town"), "village": ("村", "Village")}
SELF_WORDS = {"city": ("本市", "the city"), "ward": ("本区", "the ward"), "town": ("本町", "the town"),
              "village": ("本村", "the village")}


def check_digit(code5: str) -> int:
    """地方公共団体コード check digit: (11 - Σ dᵢ·(6,5,4,3,2) mod 11) mod 10."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


@dataclass(frozen=True)
class Municipality:
    code: str  # 6 digits with check digit
    kind: str  # city | ward | town | village
    name_ja: str
    name_en: str
    pref_ja: str
    pref_en: str

    @property
    def slug(self) -> str:
        return f"m{self.code}"


def all_municipalities(seed: int) -> list[Municipality]:
    """Every municipality of the synthetic Japan (1,741), in code order; depends on seed only."""
    rng = random.Random(f"names-{seed}")
    out: list[Municipality] = []
    for pref_code, pref_ja, pref_en, count in PREFECTURES:
        wards = TOKYO_WARDS if pref_code == 13 else 0
        rest = count - wards
        cities = max(1, round(rest * 0.45))
        villages = round(rest * 0.1)
        towns = rest - cities - villages
        kinds = ["ward"] * wards + ["city"] * cities + ["town"] * towns + ["village"] * villages
        used: set[str] = set()
        town_code = 300 + rng.randrange(0, 20)
        for index, kind in enumerate(kinds):
            if kind == "ward":
                local = 101 + index
            elif kind == "city":
                local = 201 + index - wards
            else:  # towns and villages are numbered by district, in steps
                town_code += rng.choice((1, 1, 2, 3, 20)) if town_code < 990 else 1
                local = town_code
            code5 = f"{pref_code:02d}{local:03d}"
            while True:
                parts = rng.sample(KANJI, 3 if rng.random() < 0.12 else 2)
                stem_ja = "".join(k for k, _, _ in parts)
                if stem_ja not in used:
                    used.add(stem_ja)
                    break
            stem_en = "".join(r for _, r, _ in parts).capitalize()
            kj, ke = KIND_WORDS[kind]
            out.append(Municipality(code=code5 + str(check_digit(code5)), kind=kind, name_ja=stem_ja + kj,
                                    name_en=f"{stem_en} {ke}", pref_ja=pref_ja, pref_en=pref_en))
    assert len(out) == TOTAL_MUNICIPALITIES, len(out)
    return out


def choose(n: int, seed: int) -> list[Municipality]:
    """N municipalities spread over Japan (all of them when n >= 1,741), in code order."""
    every = all_municipalities(seed)
    if n >= len(every):
        return every
    rng = random.Random(f"choose-{seed}")
    return sorted(rng.sample(every, n), key=lambda m: m.code)


# --------------------------------------------------------------------------------------------
# Banks of realistic content
# --------------------------------------------------------------------------------------------

PILLARS = {
    "service": ({"ja": "住民サービスの利便性向上", "en": "More convenient services for residents"},
                {"ja": "住民が時間や場所にとらわれずに行政サービスを利用できるよう、手続と窓口のデジタル化を進めます。",
                 "en": "Digitalise procedures and counters so that residents can use public services without being tied to a time or place."}),
    "admin": ({"ja": "行政運営の効率化", "en": "More efficient administration"},
              {"ja": "デジタル技術で定型的な業務を効率化し、生み出した時間を住民と向き合う業務に振り向けます。",
               "en": "Streamline routine work with digital technology and give the time saved to work with residents."}),
    "community": ({"ja": "地域社会のデジタル化", "en": "A digital local community"},
                  {"ja": "暮らし、産業、教育、防災の分野でデジタル技術を活用し、地域の課題を解決します。",
                   "en": "Use digital technology in daily life, industry, education and disaster prevention to solve local issues."}),
    "foundation": ({"ja": "DXを支える基盤づくり", "en": "Foundations for DX"},
                   {"ja": "人材、情報セキュリティ、データ活用の基盤を整え、DXを持続的に進めます。",
                    "en": "Build the people, information security and data foundations that keep DX going."}),
}
SUBGROUPS = {
    "service": [("counters", "窓口と手続のデジタル化", "Digital counters and procedures"),
                ("information", "情報発信と問い合わせ対応", "Information and enquiries"),
                ("inclusion", "誰一人取り残さないデジタル化", "Digitalisation that leaves no one behind")],
    "admin": [("efficiency", "業務の効率化", "Streamlining work"),
              ("systems", "情報システムの標準化・共通化", "Standard, shared information systems"),
              ("workstyle", "職員の働き方改革", "Reforming how staff work")],
    "community": [("life", "暮らしと産業のDX", "DX in daily life and industry"),
                  ("care", "教育・子育て・福祉のDX", "DX in education, child-rearing and welfare"),
                  ("safety", "防災とインフラのDX", "DX in disaster prevention and infrastructure")],
    "foundation": [("people", "デジタル人材の確保・育成", "Finding and developing digital talent"),
                   ("security", "情報セキュリティの確保", "Keeping information secure"),
                   ("data", "データの活用", "Using data")],
}

# (slug, subgroup, ja title, en title, ja object of work, en object of work)
INITIATIVES: list[tuple[str, str, str, str]] = [
    ("online-procedures", "counters", "行政手続のオンライン化", "Putting administrative procedures online"),
    ("no-form-counter", "counters", "書かない窓口の導入", "No-form service counters"),
    ("cashless-payment", "counters", "窓口キャッシュレス決済の導入", "Cashless payment at counters"),
    ("convenience-store-certificates", "counters", "コンビニ交付の推進", "Certificates issued at convenience stores"),
    ("facility-booking", "counters", "公共施設予約のオンライン化", "Online booking of public facilities"),
    ("tax-eltax", "counters", "地方税の電子申告・電子納付", "Electronic filing and payment of local taxes"),
    ("mynaportal", "counters", "マイナポータルからの申請受付", "Accepting applications through Mynaportal"),
    ("remote-counter", "counters", "リモート窓口の設置", "Remote service counters"),
    ("my-number-card", "counters", "マイナンバーカードの普及と利用促進", "Spreading and using the My Number Card"),
    ("line-account", "information", "LINE公式アカウントの活用", "Using the LINE official account"),
    ("ai-chatbot", "information", "AIチャットボットによる問い合わせ対応", "Answering enquiries with an AI chatbot"),
    ("website-renewal", "information", "公式ホームページのリニューアル", "Renewing the official website"),
    ("sns-info", "information", "SNSによる情報発信", "Delivering information through social media"),
    ("digital-signage", "information", "デジタルサイネージの設置", "Installing digital signage"),
    ("digital-divide", "inclusion", "デジタルデバイド対策", "Tackling the digital divide"),
    ("smartphone-classes", "inclusion", "スマートフォン教室の開催", "Smartphone classes for residents"),
    ("web-accessibility", "inclusion", "ウェブアクセシビリティの向上", "Better web accessibility"),
    ("multilingual", "inclusion", "多言語対応の推進", "Services in more languages"),
    ("rpa", "efficiency", "RPAによる定型業務の自動化", "Automating routine work with RPA"),
    ("ai-ocr", "efficiency", "AI-OCRの活用", "Using AI-OCR"),
    ("generative-ai", "efficiency", "生成AIの業務活用", "Using generative AI at work"),
    ("electronic-approval", "efficiency", "電子決裁の推進", "Electronic approval"),
    ("e-contracts", "efficiency", "電子契約の導入", "Electronic contracts"),
    ("seal-review", "efficiency", "押印・書面規制の見直し", "Reviewing seal and paper requirements"),
    ("paperless-meetings", "efficiency", "会議のペーパーレス化", "Paperless meetings"),
    ("standardisation", "systems", "基幹業務システムの標準化", "Standardising core business systems"),
    ("government-cloud", "systems", "ガバメントクラウドへの移行", "Moving to the Government Cloud"),
    ("network-review", "systems", "庁内ネットワークの見直し", "Reviewing the internal network"),
    ("device-renewal", "systems", "業務端末の更新", "Renewing staff computers"),
    ("telework", "workstyle", "テレワークの推進", "Promoting telework"),
    ("web-meetings", "workstyle", "Web会議の活用", "Using web meetings"),
    ("free-address", "workstyle", "フリーアドレスの導入", "Free-address offices"),
    ("business-chat", "workstyle", "ビジネスチャットの導入", "Business chat for staff"),
    ("demand-transport", "life", "AIオンデマンド交通の導入", "AI on-demand transport"),
    ("local-currency", "life", "デジタル地域通貨の導入", "A digital local currency"),
    ("smart-agriculture", "life", "スマート農業の推進", "Promoting smart agriculture"),
    ("tourism-dx", "life", "観光DXの推進", "Tourism DX"),
    ("business-dx-support", "life", "中小企業のDX支援", "Supporting DX in small businesses"),
    ("school-ict", "care", "GIGAスクール構想の推進", "The GIGA School programme"),
    ("telemedicine", "care", "オンライン診療の支援", "Supporting online medical consultations"),
    ("childcare-app", "care", "子育て支援アプリの導入", "A child-rearing support app"),
    ("elderly-watch", "care", "IoTを活用した高齢者の見守り", "Watching over older residents with IoT"),
    ("e-library", "care", "電子図書館の導入", "An electronic library"),
    ("disaster-info", "safety", "防災情報のデジタル配信", "Digital delivery of disaster information"),
    ("drone-inspection", "safety", "ドローンによるインフラ点検", "Inspecting infrastructure with drones"),
    ("public-wifi", "safety", "公共施設への公衆無線LAN整備", "Public Wi-Fi in public facilities"),
    ("integrated-gis", "safety", "統合型GISの活用", "Using an integrated GIS"),
    ("digital-talent", "people", "デジタル人材の育成", "Developing digital talent"),
    ("outside-experts", "people", "外部デジタル人材の活用", "Bringing in outside digital experts"),
    ("ict-literacy", "people", "職員のICTリテラシー向上", "Raising staff ICT literacy"),
    ("security-policy", "security", "情報セキュリティポリシーの見直し", "Reviewing the information security policy"),
    ("security-training", "security", "情報セキュリティ研修の実施", "Information security training"),
    ("ict-bcp", "security", "ICT部門の業務継続計画の策定", "A business continuity plan for ICT"),
    ("open-data", "data", "オープンデータの推進", "Promoting open data"),
    ("evidence-policy", "data", "データに基づく政策立案", "Evidence-based policy making"),
    ("data-platform", "data", "庁内データ連携基盤の整備", "An internal data linkage platform"),
]
SUBGROUP_PILLAR = {key: pillar for pillar, subs in SUBGROUPS.items() for key, _, _ in subs}

CURRENT_STATE = [
    ("{title}については、一部の部署で試行的な取組を進めてきましたが、全庁的な展開には至っていません。",
     "Some departments have tried {title_l}, but it has not yet been rolled out across the whole administration."),
    ("住民アンケートでは、{title}を求める声が多く寄せられています。一方で、職員の知識や体制が十分ではないことが課題です。",
     "In the residents' survey many asked for {title_l}. Staff knowledge and the organisation to deliver it are not yet sufficient."),
    ("国の自治体DX推進計画では、{title}が重点的な取組の一つとされています。{self_ja}でも取組を急ぐ必要があります。",
     "The national Municipal DX Promotion Plan names {title_l} as a priority, and {self_en} needs to move faster on it."),
    ("{title}は近隣の自治体でも導入が進んでいます。{self_ja}では費用と効果を比較しながら検討を続けてきました。",
     "Neighbouring municipalities are adopting {title_l}; {self_en} has been weighing costs against benefits."),
]
DIRECTION = [
    ("{title}を段階的に進め、住民の利便性向上と職員の業務効率化を図ります。",
     "Pursue {title_l} step by step, making services more convenient and work more efficient."),
    ("先行事例を調査したうえで{title}に取り組み、効果を検証しながら対象を広げます。",
     "Study earlier examples, take up {title_l}, and widen its scope as the results are reviewed."),
    ("関係部署と連携して{title}を進め、計画期間内の本格運用を目指します。",
     "Work with the departments concerned on {title_l}, aiming at full operation within the plan period."),
]
STAGES = [
    [("調査・研究", "Research"), ("検討", "Study"), ("仕様の検討", "Specifications")],
    [("試行導入", "Trial"), ("構築", "Build"), ("準備", "Preparation")],
    [("導入", "Introduction"), ("移行", "Migration"), ("運用開始", "Start of operation")],
    [("運用・改善", "Operation and improvement"), ("対象の拡大", "Wider coverage"), ("効果の検証", "Review of results")],
]
MILESTONES = [
    ("全庁での運用開始", "Operation across all departments"),
    ("対象となる手続・業務の拡大", "More procedures and tasks covered"),
    ("利用者の満足度の向上", "Higher user satisfaction"),
    ("導入効果の検証と改善", "Benefits reviewed and improved"),
]
UNCERTAIN = {"ja": "原文のロードマップでは開始年度が明確ではありません。", "en": "The source's roadmap does not make the start year clear."}

# (initiative slug, ja name, en name, unit, direction, baseline range, target range, integer?)
KPIS = [
    ("online-procedures", "オンラインで申請できる手続の数", "Procedures that can be applied for online", "procedures", "increase", (20, 80), (100, 200)),
    ("my-number-card", "マイナンバーカード交付率", "My Number Card issuance rate", "percent", "increase", (55.0, 75.0), (85.0, 98.0)),
    ("line-account", "LINE公式アカウントの友だち登録者数", "Friends of the LINE official account", "people", "increase", (800, 20000), (25000, 40000)),
    ("cashless-payment", "キャッシュレス決済に対応した窓口の割合", "Share of counters that accept cashless payment", "percent", "increase", (5.0, 40.0), (60.0, 100.0)),
    ("smartphone-classes", "スマートフォン教室の参加者数", "Participants in smartphone classes", "people", "increase", (30, 300), (400, 900)),
    ("open-data", "公開しているオープンデータの項目数", "Open data items published", "items", "increase", (5, 30), (40, 80)),
    ("standardisation", "標準準拠システムへ移行した業務システム数", "Business systems moved to standard-compliant systems", "systems", "increase", (0, 4), (17, 20)),
    ("electronic-approval", "電子決裁の割合", "Share of decisions approved electronically", "percent", "increase", (10.0, 50.0), (80.0, 100.0)),
    ("ai-chatbot", "AIチャットボットの利用件数", "Enquiries answered by the AI chatbot", "count", "increase", (500, 5000), (8000, 20000)),
    ("digital-talent", "デジタル研修を受講した職員数", "Staff who took digital training", "people", "increase", (10, 80), (150, 400)),
    ("digital-divide", "デジタル化に不安を感じる住民の割合", "Residents who feel uneasy about digitalisation", "percent", "decrease", (30.0, 55.0), (10.0, 25.0)),
    ("paperless-meetings", "ペーパーレスで開催した会議の割合", "Share of meetings held without paper", "percent", "increase", (10.0, 40.0), (70.0, 100.0)),
    ("facility-booking", "オンラインで予約できる公共施設の割合", "Share of public facilities bookable online", "percent", "increase", (0.0, 30.0), (70.0, 100.0)),
    ("rpa", "RPAで自動化した業務の数", "Tasks automated with RPA", "items", "increase", (2, 10), (20, 40)),
]

# (slug, ja term, en term, reading, abbreviation, ja full name, en full name, ja definition, en definition)
TERMS = [
    ("ai", "AI", "AI", "えーあい", "AI", "人工知能", "Artificial Intelligence",
     "学習、推論、判断などの知的な機能を人工的に実現する技術です。", "Technology that performs intellectual functions such as learning, reasoning and judgement by artificial means."),
    ("rpa", "RPA", "RPA", "あーるぴーえー", "RPA", "ロボティック・プロセス・オートメーション", "Robotic Process Automation",
     "パソコンで行う定型的な作業をソフトウェアで自動化する技術です。", "Software that automates routine work done on a computer."),
    ("ai-ocr", "AI-OCR", "AI-OCR", "えーあいおーしーあーる", "OCR", "光学文字認識", "Optical Character Recognition",
     "紙の書類の文字をAIで読み取り、データに変換する技術です。", "Technology that reads text on paper with AI and turns it into data."),
    ("dx", "DX", "DX", "でぃーえっくす", "DX", "デジタル・トランスフォーメーション", "Digital Transformation",
     "デジタル技術とデータを活用して、サービスや業務、組織を変革することです。", "Transforming services, work and organisations with digital technology and data."),
    ("ict", "ICT", "ICT", "あいしーてぃー", "ICT", "情報通信技術", "Information and Communication Technology",
     "情報の処理や通信に関する技術の総称です。", "The technologies used to process and communicate information."),
    ("iot", "IoT", "IoT", "あいおーてぃー", "IoT", "モノのインターネット", "Internet of Things",
     "さまざまな機器がインターネットにつながり、情報をやり取りする仕組みです。", "Devices of all kinds connected to the internet and exchanging data."),
    ("sns", "SNS", "social media", "えすえぬえす", "SNS", "ソーシャル・ネットワーキング・サービス", "Social Networking Service",
     "利用者同士が情報を発信し、つながることができるインターネット上のサービスです。", "Internet services on which users publish information and connect with each other."),
    ("gis", "GIS", "GIS", "じーあいえす", "GIS", "地理情報システム", "Geographic Information System",
     "位置に関する情報を地図上で管理・分析するシステムです。", "Systems that manage and analyse information by location on a map."),
    ("lgwan", "LGWAN", "LGWAN", "えるじーわん", "LGWAN", "総合行政ネットワーク", "Local Government Wide Area Network",
     "地方公共団体を相互に接続する行政専用のネットワークです。", "The closed network that connects local governments."),
    ("bpr", "BPR", "BPR", "びーぴーあーる", "BPR", "業務改革", "Business Process Re-engineering",
     "業務の流れを根本から見直し、再設計することです。", "Rethinking and redesigning how work flows from the ground up."),
    ("cloud", "クラウド", "cloud", "くらうど", None, None, None,
     "インターネットを通じて、サーバーやソフトウェアなどを必要な分だけ利用する形態です。", "Using servers and software over the internet as much as needed."),
    ("government-cloud", "ガバメントクラウド", "Government Cloud", "がばめんとくらうど", None, None, None,
     "国が整備する、行政機関が共通して利用するクラウドサービスの利用環境です。", "The shared cloud environment the national government provides for public bodies."),
    ("my-number-card", "マイナンバーカード", "My Number Card", "まいなんばーかーど", None, None, None,
     "本人確認や電子証明書の機能を持つ、顔写真付きのICカードです。", "The photo ID card with identity verification and electronic certificates."),
    ("mynaportal", "マイナポータル", "Mynaportal", "まいなぽーたる", None, None, None,
     "国が運営する、行政手続の検索やオンライン申請ができるウェブサイトです。", "The national website for finding administrative procedures and applying online."),
    ("open-data", "オープンデータ", "open data", "おーぷんでーた", None, None, None,
     "誰でも自由に利用、加工、再配布できる形で公開されたデータです。", "Data published so that anyone may use, adapt and redistribute it freely."),
    ("digital-divide", "デジタルデバイド", "digital divide", "でじたるでばいど", None, None, None,
     "情報通信技術を利用できる人とできない人との間に生じる格差です。", "The gap between people who can use information technology and those who cannot."),
    ("chatbot", "チャットボット", "chatbot", "ちゃっとぼっと", None, None, None,
     "利用者の質問に自動で応答するプログラムです。", "A program that answers users' questions automatically."),
    ("cashless", "キャッシュレス決済", "cashless payment", "きゃっしゅれすけっさい", None, None, None,
     "現金を使わずに、カードやスマートフォンなどで支払う方法です。", "Paying by card, smartphone and the like instead of cash."),
    ("telework", "テレワーク", "telework", "てれわーく", None, None, None,
     "情報通信技術を活用し、時間や場所にとらわれずに働く方法です。", "Working from anywhere at any time with information technology."),
    ("generative-ai", "生成AI", "generative AI", "せいせいえーあい", None, None, None,
     "学習したデータをもとに、文章や画像などを新たに作り出すAIです。", "AI that creates new text, images and the like from the data it has learned."),
    ("standardisation", "自治体情報システムの標準化", "standardisation of municipal systems", "じちたいじょうほうしすてむのひょうじゅんか", None, None, None,
     "住民記録や税などの基幹業務システムを国の標準仕様に合わせることです。", "Bringing core systems such as resident records and taxes into line with national standard specifications."),
    ("e-application", "電子申請", "e-application", "でんししんせい", None, None, None,
     "インターネットを通じて行政手続を申請することです。", "Applying for an administrative procedure over the internet."),
    ("electronic-approval", "電子決裁", "electronic approval", "でんしけっさい", None, None, None,
     "紙の書類を使わずに、システム上で意思決定の手続を行うことです。", "Approving decisions in a system instead of on paper."),
    ("digital-signage", "デジタルサイネージ", "digital signage", "でじたるさいねーじ", None, None, None,
     "ディスプレイなどの電子的な表示機器で情報を発信する媒体です。", "Electronic displays used to show information."),
    ("drone", "ドローン", "drone", "どろーん", None, None, None,
     "遠隔操作や自動操縦で飛行する無人の航空機です。", "An unmanned aircraft flown by remote control or automatically."),
    ("maas", "MaaS", "MaaS", "まーす", "MaaS", "モビリティ・アズ・ア・サービス", "Mobility as a Service",
     "複数の交通手段を一つのサービスとして検索、予約、決済できるようにする考え方です。", "Treating many kinds of transport as one service to search, book and pay for."),
    ("gigaschool", "GIGAスクール構想", "GIGA School programme", "ぎがすくーるこうそう", None, None, None,
     "児童生徒一人一台の端末と高速通信網を整備する国の取組です。", "The national programme giving every pupil a device and fast networks."),
    ("information-security-policy", "情報セキュリティポリシー", "information security policy", "じょうほうせきゅりてぃぽりしー", None, None, None,
     "組織の情報資産を守るための方針と対策をまとめたものです。", "The policy and measures that protect an organisation's information assets."),
    ("bcp", "BCP", "BCP", "びーしーぴー", "BCP", "業務継続計画", "Business Continuity Plan",
     "災害や事故が起きても重要な業務を続けるための計画です。", "A plan for keeping essential work going through a disaster or accident."),
    ("ebpm", "EBPM", "EBPM", "いーびーぴーえむ", "EBPM", "証拠に基づく政策立案", "Evidence-Based Policy Making",
     "統計やデータなどの根拠に基づいて政策を立案することです。", "Making policy on the basis of statistics, data and other evidence."),
    ("public-wifi", "公衆無線LAN", "public Wi-Fi", "こうしゅうむせんらん", None, None, None,
     "公共の場所で誰でも利用できる無線のインターネット接続です。", "Wireless internet access anyone may use in public places."),
    ("eltax", "eLTAX", "eLTAX", "えるたっくす", "eLTAX", "地方税ポータルシステム", "Local Tax Portal System",
     "地方税の申告、申請、納税を電子的に行うためのシステムです。", "The system for filing, applying for and paying local taxes electronically."),
    ("ux", "UX", "UX", "ゆーえっくす", "UX", "ユーザーエクスペリエンス", "User Experience",
     "サービスを利用する人が得る体験の全体です。", "Everything a person experiences when using a service."),
    ("cio", "CIO", "CIO", "しーあいおー", "CIO", "最高情報責任者", "Chief Information Officer",
     "組織の情報化やDXを統括する責任者です。", "The person responsible for an organisation's information systems and DX."),
    ("accessibility", "ウェブアクセシビリティ", "web accessibility", "うぇぶあくせしびりてぃ", None, None, None,
     "高齢者や障害のある人を含め、誰もがウェブの情報を利用できることです。", "Everyone, including older and disabled people, being able to use information on the web."),
    ("e-contract", "電子契約", "electronic contract", "でんしけいやく", None, None, None,
     "紙と押印の代わりに、電子署名を用いて結ぶ契約です。", "A contract concluded with electronic signatures instead of paper and seals."),
]

DEPARTMENTS = [
    ("general-affairs", "総務課", "General Affairs Division"), ("planning", "企画課", "Planning Division"),
    ("digital-policy", "デジタル推進課", "Digital Promotion Division"),
    ("residents", "市民課", "Residents' Affairs Division"), ("taxation", "税務課", "Taxation Division"),
    ("welfare", "福祉課", "Welfare Division"), ("child-support", "子育て支援課", "Child-Rearing Support Division"),
    ("health", "健康推進課", "Health Promotion Division"), ("agriculture", "農林課", "Agriculture and Forestry Division"),
    ("commerce-tourism", "商工観光課", "Commerce and Tourism Division"), ("construction", "建設課", "Construction Division"),
    ("education", "教育総務課", "Education Affairs Division"),
    ("disaster", "防災危機管理課", "Disaster Management Division"), ("accounting", "会計課", "Accounting Division"),
]

LATEST_ACTUAL_FY = 2025  # results of a fiscal year are published during the next one
UNITS_USED = {"procedures", "percent", "people", "items", "systems", "count"}


# --------------------------------------------------------------------------------------------
# One plan
# --------------------------------------------------------------------------------------------


def _t(ja: str, en: str) -> dict:
    return {"ja": ja, "en": en}


def _lower_first(text: str) -> str:
    return text if text[:2].isupper() or text.split(" ")[0] in ("AI", "LINE", "RPA", "GIGA", "IoT") \
        else text[0].lower() + text[1:]


def _value(rng: random.Random, low: float, high: float, unit: str) -> float | int:
    if unit == "percent":
        return round(rng.uniform(low, high), 1)
    return int(round(rng.uniform(low, high)))


def plan_files(muni: Municipality, seed: int) -> dict[str, dict]:
    """The YAML data (as Python values) of one plan, keyed by file name."""
    rng = random.Random(f"plan-{seed}-{muni.code}")
    self_ja, self_en = SELF_WORDS[muni.kind]
    start = rng.choice((2023, 2024, 2024, 2025))
    end = start + rng.choice((3, 4, 4, 5))
    first_year = start - 1
    kind = "plan" if rng.random() < 0.85 else "policy"
    kind_ja, kind_en = ("DX推進計画", "DX Promotion Plan") if kind == "plan" else ("DX推進方針", "DX Promotion Policy")
    title = _t(f"{muni.name_ja}{kind_ja}", f"{muni.name_en} {kind_en}")

    departments = rng.sample(DEPARTMENTS, 8)
    dept_ids = [d[0] for d in departments]
    if "digital-policy" not in dept_ids:
        departments[0] = next(d for d in DEPARTMENTS if d[0] == "digital-policy")
        dept_ids = [d[0] for d in departments]

    pillars = ["service", "admin"] + (["community", "foundation"] if rng.random() < 0.4
                                      else [rng.choice(("community", "foundation"))])
    pool = [i for i in INITIATIVES if SUBGROUP_PILLAR[i[1]] in pillars]
    kpi_pool = [k for k in KPIS if any(i[0] == k[0] for i in pool)]
    kpis_chosen = rng.sample(kpi_pool, 6)
    wanted = {k[0] for k in kpis_chosen}
    count = min(len(pool), rng.randint(28, 32))
    others = [i for i in pool if i[0] not in wanted]
    chosen_slugs = wanted | {i[0] for i in rng.sample(others, count - len(wanted))}
    chosen = [i for i in pool if i[0] in chosen_slugs]  # bank order: grouped by subgroup

    groups, initiatives = [], []
    for p_index, pillar in enumerate(pillars, start=1):
        title_p, summary_p = PILLARS[pillar]
        groups.append({"id": pillar, "code": str(p_index), "title": dict(title_p), "summary": dict(summary_p)})
        s_index = 0
        for sub, sub_ja, sub_en in SUBGROUPS[pillar]:
            members = [i for i in chosen if i[1] == sub]
            if not members:
                continue
            s_index += 1
            groups.append({"id": f"{pillar}-{sub}", "code": f"{p_index}-({s_index})", "parent": pillar,
                           "title": _t(sub_ja, sub_en)})
            for n_index, (slug, _, t_ja, t_en) in enumerate(members, start=1):
                initiatives.append(_initiative(rng, slug, f"{pillar}-{sub}", f"{p_index}-({s_index})-{n_index}",
                                               t_ja, t_en, self_ja, self_en, dept_ids, first_year, end))

    kpis = [_kpi(rng, k, first_year, start, end) for k in kpis_chosen]
    terms = sorted(rng.sample(TERMS, 20), key=lambda t: t[0])
    glossary = []
    for slug, term_ja, term_en, reading, abbr, full_ja, full_en, def_ja, def_en in terms:
        entry: dict = {"id": slug, "term": _t(term_ja, term_en), "reading": reading}
        if abbr:
            entry["abbreviation"] = abbr
            entry["full_name"] = _t(full_ja, full_en)
        entry["definition"] = _t(def_ja, def_en)
        entry["page"] = rng.randint(30, 48)
        glossary.append(entry)

    plan = {
        "id": muni.slug,
        "pages": ["initiatives", "glossary"],
        "municipality": _t(muni.name_ja, muni.name_en),
        "prefecture": _t(muni.pref_ja, muni.pref_en),
        "title": title,
        "kind": kind,
        "published": {"year": start, "month": 3},
        "period": {"start_fy": start, "end_fy": end},
        "roadmap_years": {"start_fy": first_year, "end_fy": end},
        "source": {"file": f"synthetic/{muni.slug}.txt", "title": dict(title),
                   "publisher": _t(muni.name_ja, muni.name_en)},
        "summary": _t(f"{muni.pref_ja}{muni.name_ja}がデジタル技術とデータを活用して住民サービスと行政運営を変革するための取組事項、ロードマップ、数値目標を定めた{kind_ja[2:]}です。",
                      f"The {kind_en[3:].lower()} in which {muni.name_en} ({muni.pref_en}) sets out the initiatives, roadmaps and "
                      "targets for transforming its services and administration with digital technology and data."),
    }
    if rng.random() < 0.5:
        plan["version"] = _t("第2版", "Version 2")
    return {
        "plan.yml": plan,
        "departments.yml": {"departments": [{"id": d, "name": _t(ja, en)} for d, ja, en in departments]},
        "initiatives.yml": {"groups": groups, "initiatives": initiatives},
        "kpis.yml": {"kpis": kpis},
        "glossary.yml": {"terms": glossary},
    }


def _initiative(rng: random.Random, slug: str, group: str, code: str, t_ja: str, t_en: str, self_ja: str,
                self_en: str, dept_ids: list[str], first: int, end: int) -> dict:
    fill = {"title": t_ja, "title_l": _lower_first(t_en), "self_ja": self_ja, "self_en": self_en}
    cs_ja, cs_en = rng.choice(CURRENT_STATE)
    di_ja, di_en = rng.choice(DIRECTION)
    ini: dict = {
        "id": slug, "group": group, "code": code, "title": _t(t_ja, t_en),
        "current_state": _t(cs_ja.format(**fill), cs_en.format(**fill)),
        "direction": _t(di_ja.format(**fill), di_en.format(**fill)),
        "departments": sorted(rng.sample(dept_ids, rng.choice((1, 1, 2)))),
    }
    # roadmap: the years cut into 2–4 consecutive bars, stage by stage
    years = list(range(first, end + 1))
    bars = rng.randint(2, min(4, len(years)))
    cuts = sorted(rng.sample(range(1, len(years)), bars - 1))
    bounds = [0, *cuts, len(years)]
    stages = STAGES[4 - bars:] if bars < 4 else STAGES
    roadmap = []
    for index in range(bars):
        ja, en = rng.choice(stages[index])
        step: dict = {"start_fy": years[bounds[index]], "end_fy": years[bounds[index + 1] - 1], "text": _t(ja, en)}
        if index == 0 and rng.random() < 0.05:
            step["basis"] = {"start_fy": {"kind": "reconstructed", "reason": dict(UNCERTAIN)}}
        roadmap.append(step)
    roll = rng.random()
    if roll < 0.1:
        ini["status"] = "completed"
        ini["completed_fy"] = min(LATEST_ACTUAL_FY, roadmap[-1]["start_fy"])
    elif roll < 0.3:
        ini["status"] = "planned"
    if rng.random() < 0.2:
        ini["new_in_plan"] = True
    ini["roadmap"] = roadmap
    m_ja, m_en = rng.choice(MILESTONES)
    ini["milestones"] = [{"fiscal_year": end, "timing": "by", "text": _t(m_ja, m_en)}]
    return ini


def _kpi(rng: random.Random, spec: tuple, first: int, start: int, end: int) -> dict:
    slug, name_ja, name_en, unit, direction, base_range, target_range = spec
    baseline = _value(rng, *base_range, unit)
    target = _value(rng, *target_range, unit)
    actual_years = list(range(start, min(LATEST_ACTUAL_FY, end) + 1))  # every year so far: none is stale
    actuals = []
    value = baseline
    for year in actual_years:
        span = target - value
        value = _value(rng, value + span * 0.05, value + span * 0.4, unit) if span else value
        actuals.append({"fiscal_year": year, "value": value,
                        "source": {"department": _t("デジタル推進課", "Digital Promotion Division")}})
    return {
        "id": f"{slug}-kpi",
        "initiative": slug,
        "name": _t(name_ja, name_en),
        "unit": unit,
        "direction": direction,
        "baseline": {"fiscal_year": first, "value": baseline, "source": {"page": rng.randint(10, 29)}},
        "actuals": actuals,
        "target": {"fiscal_year": end, "value": target, "source": {"page": rng.randint(10, 29)}},
    }


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def plan_pages(muni: Municipality, files: dict[str, dict]) -> dict[str, dict[str, str]]:
    """{lang: {file name: Markdown}} for one plan. Headings are literal, figures come from macros."""
    pid = muni.slug
    plan = files["plan.yml"]
    groups = files["initiatives.yml"]["groups"]
    pillars = [g for g in groups if "parent" not in g]
    self_ja, self_en = SELF_WORDS[muni.kind]
    out: dict[str, dict[str, str]] = {}
    for lang in ("ja", "en"):
        t = lambda value, lang=lang: value[lang]  # noqa: E731
        if lang == "ja":
            index = [
                f"# {t(plan['title'])}", "",
                f'{{{{ plan_header("{pid}") }}}}', "",
                "## 計画の概要", "",
                f"{muni.pref_ja}{muni.name_ja}の本計画は、国の自治体DX推進計画を踏まえ、{self_ja}が抱える課題をデジタル技術とデータの活用で解決するための取組を定めたものです。"
                "住民サービスの利便性向上と行政運営の効率化を両輪とし、取組事項ごとにロードマップと目標を示しています。", "",
                "人口減少と少子高齢化が進むなかで、限られた職員で質の高いサービスを提供し続けるためには、業務の進め方そのものを見直す必要があります。"
                "本計画は、誰一人取り残さない、人に優しいデジタル化を基本に据えています。", "",
                "## 計画の体系", "",
                f'{{{{ structure("{pid}") }}}}', "",
                "## 数値目標", "",
                "計画期間の終わりに目指す値と、これまでの実績です。進捗は基準値から目標値までの達成割合で示しています。", "",
                f'{{{{ kpi_table("{pid}") }}}}', "",
                "## このページ以降の構成", "",
                "- [取組事項](initiatives.md)：基本方針ごとのロードマップと各取組事項",
                "- [用語解説](glossary.md)：本計画で使われている用語", "",
            ]
            ini = ["# 取組事項", "",
                   "基本方針ごとに、各取組事項の年度ごとの予定をロードマップで示し、続いて取組事項の現状・課題と方向性を掲載しています。", ""]
            for pillar in pillars:
                ini += [f"## 基本方針{pillar['code']} {t(pillar['title'])}", "", t(pillar["summary"]), "",
                        f'{{{{ roadmap("{pid}", "{pillar["id"]}") }}}}', ""]
                for sub in (g for g in groups if g.get("parent") == pillar["id"]):
                    ini += [f"### {sub['code']} {t(sub['title'])}", "",
                            f'{{{{ initiatives("{pid}", "{sub["id"]}", level=4) }}}}', ""]
            glossary = ["# 用語解説", "",
                        "本計画で使われている主な用語を五十音順にまとめています。各用語の「ページ」は、説明が載っている原文のページです。", "",
                        f'{{{{ glossary("{pid}") }}}}', ""]
        else:
            index = [
                f"# {t(plan['title'])}", "",
                f'{{{{ plan_header("{pid}") }}}}', "",
                "## Overview", "",
                f"This plan of {muni.name_en} ({muni.pref_en}) follows the national Municipal DX Promotion Plan and sets out how "
                f"{self_en} will tackle its issues with digital technology and data. It rests on two pillars, more convenient "
                "services for residents and more efficient administration, and gives a roadmap and goals for each initiative.", "",
                "As the population shrinks and ages, continuing to provide good services with a limited staff means rethinking "
                "how the work itself is done. The plan is built on people-friendly digitalisation that leaves no one behind.", "",
                "## Structure of the plan", "",
                f'{{{{ structure("{pid}") }}}}', "",
                "## Targets", "",
                "The values the plan aims at by the end of its period, and the results so far. Progress is the share of the way "
                "from the baseline to the target.", "",
                f'{{{{ kpi_table("{pid}") }}}}', "",
                "## The following pages", "",
                "- [Initiatives](initiatives.md): the roadmap of each basic policy and every initiative",
                "- [Glossary](glossary.md): terms used in the plan", "",
            ]
            ini = ["# Initiatives", "",
                   "For each basic policy, a roadmap shows what is planned in each fiscal year; then each initiative is described "
                   "with its current state and direction.", ""]
            for pillar in pillars:
                ini += [f"## Basic policy {pillar['code']}: {t(pillar['title'])}", "", t(pillar["summary"]), "",
                        f'{{{{ roadmap("{pid}", "{pillar["id"]}") }}}}', ""]
                for sub in (g for g in groups if g.get("parent") == pillar["id"]):
                    ini += [f"### {sub['code']} {t(sub['title'])}", "",
                            f'{{{{ initiatives("{pid}", "{sub["id"]}", level=4) }}}}', ""]
            glossary = ["# Glossary", "",
                        "The main terms used in the plan, in alphabetical order. The page given for each term is the page of "
                        "the source where it is explained.", "",
                        f'{{{{ glossary("{pid}") }}}}', ""]
        out[lang] = {"index.md": "\n".join(index), "initiatives.md": "\n".join(ini), "glossary.md": "\n".join(glossary)}
    return out


# --------------------------------------------------------------------------------------------
# Writing the scratch project
# --------------------------------------------------------------------------------------------

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/{name}.schema.json\n"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    def ignore_aliases(self, data):  # the loader refuses anchors and aliases
        return True


def dump_yaml(value: dict) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=200,
                     default_flow_style=False)


def copy_project(source: Path, out: Path) -> None:
    """Everything of the project but its plans: config, code, theme overrides, site-wide pages and data.

    Beyond mkdocs.yml, macros/, overrides/, docs/assets, docs/*/index.md, data/units.yml and data/schema,
    this copies the other site-wide pages (docs/<lang>/*.md: the home page links to them, so a strict
    build needs them) and any other non-plan data (data/<folder> other than plans/).
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copy2(source / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(source / "macros", out / "macros", ignore=ignore)
    shutil.copytree(source / "overrides", out / "overrides", ignore=ignore)
    docs = source / "docs"
    for item in sorted(docs.iterdir()):
        if item.is_dir() and item.name not in LANGS:
            shutil.copytree(item, out / "docs" / item.name, ignore=ignore)
    for lang in LANGS:
        (out / "docs" / lang).mkdir(parents=True, exist_ok=True)
        for page in sorted((docs / lang).iterdir()):
            if page.is_file():
                shutil.copy2(page, out / "docs" / lang / page.name)
            elif page.name != "plans":
                shutil.copytree(page, out / "docs" / lang / page.name, ignore=ignore)
    (out / "data").mkdir(exist_ok=True)
    for item in sorted((source / "data").iterdir()):
        if item.name == "plans":
            continue
        if item.is_dir():
            shutil.copytree(item, out / "data" / item.name, ignore=ignore)
        else:
            shutil.copy2(item, out / "data" / item.name)


def prepare(out: Path) -> None:
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SystemExit(f"{out} exists, is not empty and was not made by gen_corpus.py; choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _plan_has_pages(out: Path) -> bool:
    """Whether the copied models know plan.yml `pages:` (the order of a plan's pages; older copies do not)."""
    models = (out / "macros" / "core" / "models.py").read_text(encoding="utf-8")
    return re.search(r"^\s+pages:\s*list\[", models, re.M) is not None


def generate(n: int, out: Path, seed: int = 1, source: Path = ROOT) -> list[Municipality]:
    """Write the scratch project for n municipalities into out (replacing an earlier corpus there)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    out = Path(out)
    prepare(out)
    copy_project(Path(source), out)
    known_units = {u["id"] for u in yaml.safe_load((out / "data" / "units.yml").read_text(encoding="utf-8"))["units"]}
    if missing := UNITS_USED - known_units:
        raise SystemExit(f"data/units.yml lacks the units {sorted(missing)} that the corpus uses")
    chosen = choose(n, seed)
    with_pages = _plan_has_pages(out)
    for muni in chosen:
        files = plan_files(muni, seed)
        if not with_pages:
            del files["plan.yml"]["pages"]
        folder = out / "data" / "plans" / muni.slug
        folder.mkdir(parents=True)
        for name, value in files.items():
            schema = SCHEMA_LINE.format(name=name.removesuffix(".yml"))
            (folder / name).write_text(schema + dump_yaml(value), encoding="utf-8")
        for lang, pages in plan_pages(muni, files).items():
            page_dir = out / "docs" / lang / "plans" / muni.slug
            page_dir.mkdir(parents=True)
            for name, text in pages.items():
                (page_dir / name).write_text(text, encoding="utf-8")
    digest = hashlib.sha256("".join(m.code for m in chosen).encode()).hexdigest()[:12]
    (out / MARKER).write_text(f"n={n} seed={seed} municipalities={len(chosen)} ids-sha256={digest}\n")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of municipalities (1,741 = all of Japan)")
    parser.add_argument("--out", type=Path, required=True, help="scratch project folder (replaced if made by this tool)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", type=Path, default=ROOT, help="project to copy mkdocs.yml, macros/ … from")
    args = parser.parse_args(argv)
    chosen = generate(args.n, args.out, args.seed, args.source)
    prefs = len({m.pref_ja for m in chosen})
    print(f"wrote {len(chosen)} municipalities in {prefs} prefectures to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
