"""A deterministic synthetic content tree for benchmarks: N briefs, about N/3 actors.

`write_corpus(root, n_briefs, seed)` writes `root/content/briefs/*.yml` and
`root/content/actors/*.yml`. Everything comes from `random.Random(seed)` and the word
lists below (no network, no external word lists), so the same (N, seed) always gives the
same files, byte for byte. Each brief is shaped like a real one (see issue 6):

* ~600 words of body in six `##` sections, with `[[actor]]` / `[[actor|text]]`
  cross-references, plain name and alias mentions (for auto-linking) and `[^source]`
  citations; a summary of a few sentences; 2-4 key judgments;
* 5 events with dates known to the day, the month or the year, some spans, some
  locations (`{name, country}` or a bare name); 3 quotes (direct and paraphrase);
  4 sources with http(s) URLs, Admiralty grades, some archive links;
* 6 actors drawn from a pool of about N/3 with a skewed (Zipf) popularity, so a few
  actors ("Russia") appear in a large share of briefs; tags from a vocabulary of 50;
  `related` links to earlier briefs; a few drafts, updates and corrections.

Actors have native names in Cyrillic or Hangul (and a few other scripts for states),
aliases, affiliations, countries and Wikidata ids.

Command line (from the project root)::

    python -m tests.benchmark.corpus --briefs 1000 --out /tmp/bench-1000 [--seed 1] [--check]

writes DIR/content plus a copy of the project's mkdocs.yml and theme/, so `mkdocs build`
works in DIR.
"""

from __future__ import annotations

import argparse
import bisect
import calendar
import itertools
import re
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

import yaml

from generator import model

ROOT = Path(__file__).resolve().parents[2]
LAST_DAY = date(2025, 12, 31)  # the newest brief; one brief per day before it

# --------------------------------------------------------------------------------------
# Word lists (built in, fixed)
# --------------------------------------------------------------------------------------

NOUNS = """
agreement alliance arsenal assessment audit ballot barrier blockade border brigade budget
cabinet campaign capacity cargo ceasefire channel coalition coast commission compromise
convoy corridor council crisis deadline deal decree delegation deployment deterrent
dialogue directive doctrine drill economy election embargo envoy escalation exercise
export facility fleet forum framework frontier garrison grain harbor hearing incident
industry inquiry inspection investment launch leadership legislation levy mandate market
memorandum militia mission missile mobilization monitor negotiation network offensive
official operation outpost parliament partnership patrol pipeline platform pledge policy
port program protest province quota reactor reform refinery region regime report reserve
resolution restriction ruling sanction satellite schedule security shipment shortage
signal source strategy strike subsidy summit supply surveillance tariff territory test
threat treaty tribunal troops truce uranium verdict visit warning weapon withdrawal
""".split()

ADJECTIVES = """
annual armed bilateral broad central civilian coastal covert critical decisive defensive
diplomatic domestic eastern economic emergency expanded federal fragile informal initial
interim joint large-scale lasting limited long-range maritime military modest mutual
national naval northern nuclear official partial political preliminary previous regional
renewed rival routine rural secret senior sensitive short-range southern strategic strict
sudden tactical temporary tense unexpected unilateral urban western wider
""".split()

VERBS = """
announced approved blocked challenged condemned confirmed considered criticized delayed
denied deployed described discussed disputed doubled endorsed expanded extended
highlighted ignored inspected launched limited monitored negotiated opposed postponed
proposed questioned raised rejected reported resumed reviewed revised signaled signed
strengthened supported suspended tested tightened welcomed widened
""".split()

CONNECTORS = """
after amid before despite during following near over since within
""".split()

ADVERBS = """
again briefly cautiously closely formally gradually largely narrowly openly partly
publicly quietly quickly rarely repeatedly sharply slowly steadily
""".split()

HEADINGS = """
Overview|Background|What happened|Diplomatic track|Military dimension|Economic angle|
Regional reactions|Domestic politics|Information space|Legal questions|Humanitarian impact|
Energy and trade|Expert assessments|Indicators to watch|Outlook|Assessment
""".replace("\n", "").split("|")

TAGS = """
arms-control energy-security sanctions missile-tests military-cooperation elections
cyber disinformation border-security maritime-security nuclear-program grain-exports
human-rights migration diplomacy trade-policy defense-industry space terrorism
peace-talks protests corruption supply-chains critical-minerals shipping arctic
korean-peninsula black-sea caucasus central-asia baltic-states indo-pacific middle-east
sahel balkans food-security public-health climate-risk refugees hostage-diplomacy
espionage drones air-defense naval-drills intelligence ceasefire reconstruction
export-controls leadership media-freedom
""".split()

LIKELIHOODS = list(model.LIKELIHOODS)  # ICD 203 terms, in order
CONFIDENCES = ["low", "moderate", "high"]
RELIABILITY = ["A", "B", "B", "C", "C", "C", "D", "E", "F"]
ARTICLE_TYPES = [
    "BackgroundNewsArticle",
    "NewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "Report",
    "Article",
]
ROLES = """
Host of the talks|Main subject|Signatory|Negotiator|Reported the incident|Mediator|
Opposed the plan|Supplier|Target of sanctions|Commented on the events|Led the delegation|
Carried out the test|Monitored the situation|Source of the allegations|Key partner
""".replace("\n", "").split("|")

MONTHS = list(calendar.month_name)[1:]

# States: (id, name, native name, ISO code, aliases, Wikidata id).
STATES: list[tuple[str, str, str | None, str, list[str], str]] = [
    ("russia", "Russia", "Россия", "RU", ["Russian Federation", "Moscow"], "Q159"),
    ("north-korea", "North Korea", "조선민주주의인민공화국", "KP", ["DPRK"], "Q423"),
    ("ukraine", "Ukraine", "Україна", "UA", ["Kyiv"], "Q212"),
    ("china", "China", "中国", "CN", ["People's Republic of China", "Beijing"], "Q148"),
    ("south-korea", "South Korea", "대한민국", "KR", ["Republic of Korea", "ROK"], "Q884"),
    ("united-states", "United States", None, "US", ["USA", "Washington"], "Q30"),
    ("belarus", "Belarus", "Беларусь", "BY", ["Minsk"], "Q184"),
    ("japan", "Japan", "日本", "JP", ["Tokyo"], "Q17"),
    ("iran", "Iran", "ایران", "IR", ["Tehran"], "Q794"),
    ("kazakhstan", "Kazakhstan", "Қазақстан", "KZ", ["Astana"], "Q232"),
    ("turkiye", "Türkiye", None, "TR", ["Turkey", "Ankara"], "Q43"),
    ("germany", "Germany", "Deutschland", "DE", ["Berlin"], "Q183"),
    ("united-kingdom", "United Kingdom", None, "GB", ["UK", "Britain"], "Q145"),
    ("poland", "Poland", "Polska", "PL", ["Warsaw"], "Q36"),
    ("georgia", "Georgia", "საქართველო", "GE", ["Tbilisi"], "Q230"),
    ("france", "France", None, "FR", ["Paris"], "Q142"),
    ("mongolia", "Mongolia", "Монгол Улс", "MN", ["Ulaanbaatar"], "Q711"),
    ("serbia", "Serbia", "Србија", "RS", ["Belgrade"], "Q403"),
    ("armenia", "Armenia", "Հայաստան", "AM", ["Yerevan"], "Q399"),
    ("azerbaijan", "Azerbaijan", "Azərbaycan", "AZ", ["Baku"], "Q227"),
    ("kyrgyzstan", "Kyrgyzstan", "Кыргызстан", "KG", ["Bishkek"], "Q813"),
    ("india", "India", "भारत", "IN", ["New Delhi"], "Q668"),
    ("vietnam", "Vietnam", "Việt Nam", "VN", ["Hanoi"], "Q881"),
    ("philippines", "Philippines", "Pilipinas", "PH", ["Manila"], "Q928"),
]
CYRILLIC_COUNTRIES = {"RU", "UA", "BY", "KZ", "KG", "RS", "MN"}
KOREAN_COUNTRIES = {"KR", "KP"}

# Russian-style names with their Cyrillic spelling; the tuple's third item is another
# common transliteration (used as an alias).
RU_FIRST = [
    ("Sergei", "Сергей", "Sergey"),
    ("Dmitri", "Дмитрий", "Dmitry"),
    ("Ivan", "Иван", None),
    ("Oleg", "Олег", None),
    ("Pavel", "Павел", None),
    ("Yuri", "Юрий", "Yury"),
    ("Nikolai", "Николай", "Nikolay"),
    ("Viktor", "Виктор", "Victor"),
    ("Alexei", "Алексей", "Aleksey"),
    ("Mikhail", "Михаил", None),
    ("Andrei", "Андрей", "Andrey"),
    ("Boris", "Борис", None),
    ("Elena", "Елена", "Yelena"),
    ("Irina", "Ирина", None),
    ("Olga", "Ольга", None),
    ("Tatiana", "Татьяна", "Tatyana"),
    ("Natalia", "Наталья", "Natalya"),
    ("Vera", "Вера", None),
]
RU_FEMALE = {"Elena", "Irina", "Olga", "Tatiana", "Natalia", "Vera"}
RU_LAST = [
    ("Ivanov", "Иванов"),
    ("Petrov", "Петров"),
    ("Sokolov", "Соколов"),
    ("Volkov", "Волков"),
    ("Morozov", "Морозов"),
    ("Lebedev", "Лебедев"),
    ("Kozlov", "Козлов"),
    ("Novikov", "Новиков"),
    ("Orlov", "Орлов"),
    ("Pavlov", "Павлов"),
    ("Smirnov", "Смирнов"),
    ("Fedorov", "Федоров"),
    ("Zaitsev", "Зайцев"),
    ("Belov", "Белов"),
    ("Kuznetsov", "Кузнецов"),
    ("Popov", "Попов"),
    ("Vasiliev", "Васильев"),
    ("Egorov", "Егоров"),
    ("Nikitin", "Никитин"),
    ("Gromov", "Громов"),
]
KO_FAMILY = [
    ("Kim", "김"),
    ("Lee", "이"),
    ("Park", "박"),
    ("Choi", "최"),
    ("Jung", "정"),
    ("Kang", "강"),
    ("Cho", "조"),
    ("Yoon", "윤"),
    ("Jang", "장"),
    ("Lim", "임"),
    ("Han", "한"),
    ("Oh", "오"),
    ("Seo", "서"),
    ("Shin", "신"),
    ("Kwon", "권"),
    ("Hwang", "황"),
    ("Ahn", "안"),
    ("Song", "송"),
    ("Hong", "홍"),
    ("Yoo", "유"),
]
KO_SYLLABLES = [
    ("min", "민"),
    ("jun", "준"),
    ("seo", "서"),
    ("yeon", "연"),
    ("ji", "지"),
    ("woo", "우"),
    ("hyun", "현"),
    ("soo", "수"),
    ("young", "영"),
    ("ho", "호"),
    ("jin", "진"),
    ("eun", "은"),
    ("sung", "성"),
    ("hee", "희"),
    ("chan", "찬"),
    ("il", "일"),
    ("kyung", "경"),
    ("dong", "동"),
    ("tae", "태"),
    ("hye", "혜"),
]
INTL_FIRST = """
Anna Ahmed Amira Bilal Carmen Chen Daniel Elif Farid Fatima Goran Grace Hana Ines Jonas
Kenji Lars Leila Marco Maria Mehmet Nadia Omar Priya Rashid Rosa Samir Sofia Tomas Wen
Yasmin Zara Lucas Emma Noor Arjun Mei Pedro Ingrid Kofi
""".split()
INTL_LAST = """
Adeyemi Alvarez Bauer Becker Costa Dubois Eriksen Fischer Garcia Haddad Hansen Ibrahim
Jensen Kaya Kowalski Larsen Martin Meyer Moreau Nakamura Novak Okafor Olsen Patel Quispe
Rahman Rossi Santos Schmidt Silva Suzuki Tanaka Torres Wagner Weber Yilmaz Zhang Nguyen
Lindqvist Mensah
""".split()

ORG_ADJ = """
Northern Eastern Pacific Continental Atlantic Central Joint National Strategic Regional
Allied Federal United Baltic Arctic Caspian Civic Global Independent Southern
""".split()
ORG_NOUN = """
Security Energy Trade Defense Policy Development Maritime Cyber Nuclear Humanitarian
Research Monitoring Border Transport Grain Shipping Finance Space Water Migration
""".split()
ORG_TYPE = """
Council Agency Institute Commission Forum Alliance Foundation Authority Center Union
Bureau Directorate
""".split()
MEDIA_PLACE = """
Harbor Riverside Capital Northern Eastern Coastal Continental Metropolitan Valley Frontier
Baltic Pacific Steppe Lakeside Highland Delta Summit Meridian Island Prairie
""".split()
MEDIA_KIND = """
Herald Tribune Courier Observer Gazette Post Chronicle Monitor Ledger Dispatch Times Review
Wire Daily Bulletin
""".split()
MIL_BRANCH = [
    "Combined Arms Army",
    "Guards Division",
    "Air Assault Brigade",
    "Naval Infantry Brigade",
    "Missile Brigade",
    "Army Corps",
    "Air Defense Regiment",
    "Special Forces Group",
]
GROUP_ADJ = """
Free Popular Democratic Patriotic Revolutionary People's New Green Independent Civic
""".split()
GROUP_NOUN = """
Movement Front Network Collective League Coalition Resistance Initiative Assembly Party
""".split()

# Publishers of sources: (name, domain).
PUBLISHERS = [
    ("The Straits Times", "straitstimes.com"),
    ("Reuters", "reuters.com"),
    ("Associated Press", "apnews.com"),
    ("Agence France-Presse", "afp.com"),
    ("Yonhap", "yna.co.kr"),
    ("Meduza", "meduza.io"),
    ("Kyiv Independent", "kyivindependent.com"),
    ("The Guardian", "theguardian.com"),
    ("Financial Times", "ft.com"),
    ("Nikkei Asia", "asia.nikkei.com"),
    ("NK News", "nknews.org"),
    ("38 North", "38north.org"),
    ("Institute for the Study of War", "understandingwar.org"),
    ("RAND", "rand.org"),
    ("Carnegie Endowment", "carnegieendowment.org"),
    ("IISS", "iiss.org"),
    ("SIPRI", "sipri.org"),
    ("United Nations", "un.org"),
    ("TASS", "tass.com"),
    ("KCNA Watch", "kcnawatch.org"),
    ("Al Jazeera", "aljazeera.com"),
    ("BBC News", "bbc.co.uk"),
    ("Deutsche Welle", "dw.com"),
    ("Le Monde", "lemonde.fr"),
    ("South China Morning Post", "scmp.com"),
    ("The Diplomat", "thediplomat.com"),
    ("Politico Europe", "politico.eu"),
    ("Bellingcat", "bellingcat.com"),
    ("Radio Free Europe", "rferl.org"),
    ("Korea JoongAng Daily", "koreajoongangdaily.joins.com"),
]

# Places for event locations: (name, ISO code).
PLACES = [
    ("Pyongyang", "KP"),
    ("Moscow", "RU"),
    ("Seoul", "KR"),
    ("Kyiv", "UA"),
    ("Beijing", "CN"),
    ("Vladivostok", "RU"),
    ("Minsk", "BY"),
    ("Tokyo", "JP"),
    ("Geneva", "CH"),
    ("New York", "US"),
    ("Brussels", "BE"),
    ("Astana", "KZ"),
    ("Tbilisi", "GE"),
    ("Warsaw", "PL"),
    ("Istanbul", "TR"),
    ("Odesa", "UA"),
    ("Kharkiv", "UA"),
    ("Sevastopol", "UA"),
    ("Kaliningrad", "RU"),
    ("Panmunjom", "KR"),
    ("Sinpo", "KP"),
    ("Busan", "KR"),
    ("Vienna", "AT"),
    ("Ulaanbaatar", "MN"),
    ("Baku", "AZ"),
    ("Yerevan", "AM"),
    ("Tehran", "IR"),
    ("Hanoi", "VN"),
    ("Manila", "PH"),
    ("Berlin", "DE"),
]
REGIONS = [
    "the Korean Peninsula",
    "the Black Sea",
    "the Sea of Japan",
    "the Yellow Sea",
    "the Baltic Sea",
    "the Caspian region",
    "the Arctic",
    "the Donbas",
]


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    ascii_text = "".join(c if c.isascii() and c.isalnum() else " " for c in text.lower())
    return "-".join(ascii_text.split())


class _Zipf:
    """Weighted choice by rank: item k has weight 1 / (k + 1) ** s."""

    def __init__(self, items: list[Any], s: float = 1.0) -> None:
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (k + 1) ** s for k in range(len(items))))

    def pick(self, rng: Random) -> Any:
        x = rng.random() * self.cum[-1]
        return self.items[min(bisect.bisect_right(self.cum, x), len(self.items) - 1)]

    def distinct(self, rng: Random, k: int, exclude: list[Any]) -> list[Any]:
        chosen: list[Any] = []
        k = min(k, len(self.items) - len(exclude))
        tries = 0
        while len(chosen) < k:
            item = self.pick(rng) if tries < 50 * k else rng.choice(self.items)
            tries += 1
            if item not in chosen and item not in exclude:
                chosen.append(item)
        return chosen


@dataclass
class ActorSpec:
    id: str
    name: str
    kind: str
    country: str | None = None
    native_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    title: str | None = None
    wikidata: str | None = None
    affiliations: list[str] = field(default_factory=list)
    description: str = ""

    @property
    def mention_names(self) -> list[str]:
        """Names prose may use for the actor: display name and Latin-script aliases."""
        return [self.name, *(a for a in self.aliases if a.isascii() and len(a) > 3)]


_REF_SPAN = re.compile(r"\[\[[^\]]*\]\]")


class _Ids:
    """Unique slugs: a taken id gets -2, -3, ..."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, base: str) -> str:
        ident, n = base, 2
        while ident in self.taken:
            ident, n = f"{base}-{n}", n + 1
        self.taken.add(ident)
        return ident


def _wrap(text: str, width: int = 88) -> str:
    """Wrap a paragraph like an editor would, never inside a [[...]] reference."""
    protected = _REF_SPAN.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    wrapped = textwrap.fill(protected, width=width, break_long_words=False, break_on_hyphens=False)
    return wrapped.replace("\u00a0", " ")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)


def _dump(data: dict[str, Any], schema: str) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=88, indent=2)
    return f"# yaml-language-server: $schema=../schema/{schema}.schema.json\n" + text


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------


class _Corpus:
    def __init__(self, n_briefs: int, seed: int) -> None:
        self.rng = Random(seed)
        self.n = n_briefs
        self.actor_ids = _Ids()
        self.actors: list[ActorSpec] = []
        self.by_id: dict[str, ActorSpec] = {}

    # -- actors ------------------------------------------------------------------------

    def make_actors(self) -> None:
        rng = self.rng
        n_actors = max(12, round(self.n / 3))
        n_states = min(len(STATES), max(4, n_actors // 20))
        for ident, name, native, code, aliases, qid in STATES[:n_states]:
            self._add(
                ActorSpec(
                    id=self.actor_ids.claim(ident),
                    name=name,
                    kind="state",
                    country=code,
                    native_name=native,
                    aliases=list(aliases),
                    wikidata=qid,
                )
            )
        state_codes = [s.country for s in self.actors if s.country]
        state_pick = _Zipf(state_codes, 0.8)
        kinds = ["person"] * 55 + ["organization"] * 18 + ["media"] * 10
        kinds += ["military"] * 8 + ["group"] * 9
        while len(self.actors) < n_actors:
            kind = rng.choice(kinds)
            country = state_pick.pick(rng) if rng.random() < 0.9 else rng.choice(state_codes)
            maker = getattr(self, f"_{kind}")
            self._add(maker(country))
        # Popularity: states first (the first is the most popular), then the rest shuffled.
        states, others = self.actors[:n_states], self.actors[n_states:]
        rng.shuffle(others)
        self.actors = states + others
        self._affiliations_and_descriptions()

    def _add(self, spec: ActorSpec) -> None:
        self.actors.append(spec)
        self.by_id[spec.id] = spec

    def _qid(self) -> str | None:
        return f"Q{self.rng.randint(1000, 99_999_999)}" if self.rng.random() < 0.4 else None

    def _person(self, country: str) -> ActorSpec:
        rng = self.rng
        aliases: list[str] = []
        native = None
        if country in CYRILLIC_COUNTRIES:
            first, first_cy, alt = rng.choice(RU_FIRST)
            last, last_cy = rng.choice(RU_LAST)
            if first in RU_FEMALE:
                last, last_cy = last + "a", last_cy + "а"
            name = f"{first} {last}"
            native = f"{first_cy} {last_cy}"
            if alt:
                aliases.append(f"{alt} {last}")
            if rng.random() < 0.3:
                aliases.append(last)
        elif country in KOREAN_COUNTRIES:
            family, family_ko = rng.choice(KO_FAMILY)
            (s1, k1), (s2, k2) = rng.sample(KO_SYLLABLES, 2)
            name = f"{family} {s1.capitalize()}-{s2}"
            native = family_ko + k1 + k2
            aliases.append(f"{family} {s1.capitalize()} {s2.capitalize()}")
            if rng.random() < 0.5:
                aliases.append(f"{family} {s1.capitalize()}{s2}")
        else:
            first = rng.choice(INTL_FIRST)
            last = rng.choice(INTL_LAST)
            name = f"{first} {last}"
            if rng.random() < 0.3:
                aliases.append(f"{first[0]}. {last}")
        titles = [
            "Minister of Defense",
            "Foreign Minister",
            "Senior Analyst",
            "Spokesperson",
            "Ambassador",
            "Chief of the General Staff",
            "Secretary of the Security Council",
            "Deputy Prime Minister",
            "Opposition leader",
            "Researcher",
            "Governor",
            "Special Envoy",
        ]
        return ActorSpec(
            id=self.actor_ids.claim(slugify(name)),
            name=name,
            kind="person",
            country=country,
            native_name=native,
            aliases=aliases,
            title=rng.choice(titles) if rng.random() < 0.8 else None,
            wikidata=self._qid(),
        )

    def _organization(self, country: str) -> ActorSpec:
        rng = self.rng
        name = f"{rng.choice(ORG_ADJ)} {rng.choice(ORG_NOUN)} {rng.choice(ORG_TYPE)}"
        acronym = "".join(w[0] for w in name.split())
        return ActorSpec(
            id=self.actor_ids.claim(slugify(name)),
            name=name,
            kind="organization",
            country=country if rng.random() < 0.7 else None,
            aliases=[acronym] if rng.random() < 0.6 else [],
            wikidata=self._qid(),
        )

    def _media(self, country: str) -> ActorSpec:
        rng = self.rng
        name = f"The {rng.choice(MEDIA_PLACE)} {rng.choice(MEDIA_KIND)}"
        native = None
        if country in CYRILLIC_COUNTRIES and rng.random() < 0.6:
            native = (
                rng.choice(["Вестник", "Новости", "Известия", "Голос"])
                + " "
                + (rng.choice(["Севера", "Востока", "Столицы", "Побережья", "Степи"]))
            )
        elif country in KOREAN_COUNTRIES and rng.random() < 0.6:
            native = rng.choice(["조선", "한반도", "동해", "서울"]) + rng.choice(
                ["신문", "일보", "통신", "방송"]
            )
        return ActorSpec(
            id=self.actor_ids.claim(slugify(name)),
            name=name,
            kind="media",
            country=country,
            native_name=native,
            aliases=[name.removeprefix("The ")] if rng.random() < 0.5 else [],
            wikidata=self._qid(),
        )

    def _military(self, country: str) -> ActorSpec:
        rng = self.rng
        number = rng.randint(1, 160)
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(
            number % 10 if number % 100 not in (11, 12, 13) else 0, "th"
        )
        name = f"{number}{suffix} {rng.choice(MIL_BRANCH)}"
        return ActorSpec(
            id=self.actor_ids.claim(slugify(name)),
            name=name,
            kind="military",
            country=country,
        )

    def _group(self, country: str) -> ActorSpec:
        rng = self.rng
        name = f"{rng.choice(GROUP_ADJ)} {rng.choice(ORG_NOUN)} {rng.choice(GROUP_NOUN)}"
        return ActorSpec(
            id=self.actor_ids.claim(slugify(name)),
            name=name,
            kind="group",
            country=country if rng.random() < 0.8 else None,
        )

    def _affiliations_and_descriptions(self) -> None:
        rng = self.rng
        state_of = {a.country: a.id for a in self.actors if a.kind == "state"}
        bodies = [a.id for a in self.actors if a.kind in ("organization", "media", "military")]
        for actor in self.actors:
            if actor.kind == "state":
                actor.description = (
                    f"State actor; its leadership and agencies recur across briefs on "
                    f"{rng.choice(REGIONS)} and {rng.choice(TAGS).replace('-', ' ')}."
                )
                continue
            home = state_of.get(actor.country or "")
            affs: list[str] = []
            if home and (actor.kind == "military" or rng.random() < 0.6):
                affs.append(home)
            if actor.kind == "person" and bodies and rng.random() < 0.4:
                other = rng.choice(bodies)
                if other not in affs:
                    affs.append(other)
            actor.affiliations = affs
            refs = [f"[[{a}]]" for a in affs]
            if not refs and rng.random() < 0.5:
                refs.append(f"[[{rng.choice(self.actors).id}]]")
            lead = {
                "person": "Official and commentator",
                "organization": "Body",
                "media": "News outlet",
                "military": "Military formation",
                "group": "Political group",
            }[actor.kind]
            tail = f" linked to {' and '.join(refs)}" if refs else ""
            actor.description = (
                _wrap(f"{lead}{tail}. {self._sentence(None)} {self._sentence(None)}") + "\n"
            )

    def actor_yaml(self, actor: ActorSpec) -> str:
        data: dict[str, Any] = {"name": actor.name, "kind": actor.kind}
        if actor.native_name:
            data["native_name"] = actor.native_name
        if actor.aliases:
            data["aliases"] = actor.aliases
        if actor.title:
            data["title"] = actor.title
        if actor.affiliations:
            data["affiliations"] = actor.affiliations
        if actor.country:
            data["country"] = actor.country
        if actor.wikidata:
            data["wikidata"] = actor.wikidata
        if actor.description:
            data["description"] = actor.description
        return _dump(data, "actor")

    # -- prose -------------------------------------------------------------------------

    def _np(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        return f"the {rng.choice(NOUNS)} {rng.choice(NOUNS)}"

    def _sentence(self, subject: str | None) -> str:
        """One sentence of 9-20 words; `subject` (an actor mention) leads it if given."""
        rng = self.rng
        subj = subject or self._np()
        parts = [subj]
        if rng.random() < 0.3:
            parts.append(rng.choice(ADVERBS))
        parts += [rng.choice(VERBS), self._np()]
        if rng.random() < 0.7:
            parts += [rng.choice(CONNECTORS), self._np()]
        if rng.random() < 0.4:
            parts += [", while", self._np(), rng.choice(VERBS), self._np()]
        text = " ".join(parts).replace(" ,", ",")
        return text[0].upper() + text[1:] + "."

    def _mention(self, actor: ActorSpec, style: str) -> str:
        if style == "ref":
            return f"[[{actor.id}]]"
        if style == "ref-label":
            label = self.rng.choice(actor.mention_names)
            return f"[[{actor.id}|{label}]]"
        return self.rng.choice(actor.mention_names)

    # -- briefs ------------------------------------------------------------------------

    def brief(self, i: int, ident: str, earlier: list[str], popular: _Zipf) -> dict[str, Any]:
        rng = self.rng
        day = LAST_DAY - timedelta(days=self.n - 1 - i)
        # Six actors: one that walks the pool (so every actor is used), five by popularity.
        walker = self.actors[i % len(self.actors)]
        cast: list[ActorSpec] = [walker, *popular.distinct(rng, 5, [walker])]
        rng.shuffle(cast)
        lead = cast[0]

        sources = self._sources(day, ident)
        sids = [s["id"] for s in sources]

        title = (
            f"{lead.name} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
            f"{rng.choice(CONNECTORS)} {rng.choice(NOUNS)} with {cast[1].name}"
        )
        summary = " ".join(
            [
                self._sentence(lead.name),
                self._sentence(self._mention(cast[1], "plain")),
                self._sentence(None),
                self._sentence(None),
            ]
        )
        data: dict[str, Any] = {"title": title, "date": day.isoformat()}
        if rng.random() < 0.08:
            data["updated"] = (day + timedelta(days=rng.randint(1, 10))).isoformat()
        if i > 0 and rng.random() < 0.01:
            data["status"] = "draft"
        if rng.random() < 0.2:
            data["article_type"] = rng.choice(ARTICLE_TYPES)
        data["summary"] = _wrap(summary) + "\n"
        data["tags"] = self._tags()
        data["key_judgments"] = [
            {
                "text": _wrap(self._sentence(self._mention(rng.choice(cast), "plain"))),
                "likelihood": rng.choice(LIKELIHOODS),
                "confidence": rng.choice(CONFIDENCES),
                "sources": rng.sample(sids, rng.randint(1, 2)),
            }
            for _ in range(rng.randint(2, 4))
        ]
        data["body"] = self._body(cast, sids)
        data["actors"] = [
            {"actor": a.id, "role": rng.choice(ROLES)} if rng.random() < 0.7 else a.id for a in cast
        ]
        data["events"] = [self._event(day, cast, sids) for _ in range(5)]
        data["events"].sort(key=lambda e: e["date"])
        speakers = [a for a in cast if a.kind != "military"] or cast
        data["quotes"] = [self._quote(day, rng.choice(speakers), sids) for _ in range(3)]
        data["sources"] = sources
        if earlier and rng.random() < 0.3:
            window = earlier[-60:]
            data["related"] = rng.sample(window, min(len(window), rng.randint(1, 3)))
        if rng.random() < 0.03:
            data["corrections"] = [
                {
                    "date": (day + timedelta(days=rng.randint(1, 5))).isoformat(),
                    "text": "An earlier version misstated " + self._np() + ".",
                }
            ]
        return data

    def _tags(self) -> list[str]:
        return self._tag_pick.distinct(self.rng, self.rng.randint(3, 6), [])

    def _body(self, cast: list[ActorSpec], sids: list[str]) -> str:
        rng = self.rng
        headings = rng.sample(HEADINGS, 6)
        # Every actor is cross-referenced once and named in plain prose once; every
        # source is cited at least once.
        mentions: list[str] = []
        for actor in cast:
            mentions.append(self._mention(actor, rng.choice(["ref", "ref-label"])))
            mentions.append(self._mention(actor, "plain"))
        rng.shuffle(mentions)
        cites = list(sids)
        out: list[str] = []
        for s, heading in enumerate(headings):
            out.append(f"## {heading}\n")
            for p in range(2):
                sentences = []
                for _ in range(rng.randint(3, 4)):
                    subject = mentions.pop() if mentions and rng.random() < 0.45 else None
                    sentences.append(self._sentence(subject))
                if s == 5 and p == 1 and mentions:  # whatever is left goes in last
                    sentences += [self._sentence(m) for m in mentions]
                    mentions = []
                para = " ".join(sentences)
                if rng.random() < 0.15:
                    para = para.replace(" the ", f" the *{rng.choice(ADJECTIVES)}* ", 1)
                if cites or rng.random() < 0.6:
                    sid = cites.pop() if cites else rng.choice(sids)
                    para += f"[^{sid}]"
                out.append(_wrap(para) + "\n")
            if rng.random() < 0.15:
                items = [
                    textwrap.fill(
                        self._sentence(None), 88, initial_indent="- ", subsequent_indent="  "
                    )
                    for _ in range(3)
                ]
                out.append("\n".join(items) + "\n")
        return "\n".join(out)

    def _partial_date(self, before: date, back_days: int) -> tuple[str, str | None, date]:
        rng = self.rng
        d = before - timedelta(days=rng.randint(0, back_days))
        r = rng.random()
        if r < 0.5:
            return d.isoformat(), None, d
        if r < 0.8:
            label = None
            if rng.random() < 0.4:
                label = f"{rng.choice(['early', 'mid', 'late'])} {MONTHS[d.month - 1]} {d.year}"
            return f"{d.year:04d}-{d.month:02d}", label, date(d.year, d.month, 1)
        label = f"{rng.choice(['early', 'late'])} {d.year}" if rng.random() < 0.4 else None
        return f"{d.year:04d}", label, date(d.year, 1, 1)

    def _event(self, day: date, cast: list[ActorSpec], sids: list[str]) -> dict[str, Any]:
        rng = self.rng
        when, label, start = self._partial_date(day, 3 * 365)
        event: dict[str, Any] = {"date": when}
        if label:
            event["date_label"] = label
        if len(when) == 10 and rng.random() < 0.15:
            event["end"] = (start + timedelta(days=rng.randint(1, 20))).isoformat()
        who = rng.sample(cast, rng.randint(1, 3))
        event["title"] = (
            f"{who[0].name} {rng.choice(VERBS)} {self._np()} {rng.choice(CONNECTORS)} {self._np()}"
        )
        event["description"] = _wrap(" ".join(self._sentence(None) for _ in range(2)))
        event["actors"] = [a.id for a in who]
        r = rng.random()
        if r < 0.6:
            name, code = rng.choice(PLACES)
            event["location"] = {"name": name, "country": code}
        elif r < 0.8:
            event["location"] = rng.choice([*REGIONS, *(p for p, _ in PLACES)])
        event["sources"] = rng.sample(sids, 1)
        return event

    def _quote(self, day: date, speaker: ActorSpec, sids: list[str]) -> dict[str, Any]:
        rng = self.rng
        kind = "direct" if rng.random() < 0.5 else "paraphrase"
        if kind == "direct":
            text = (
                f"We {rng.choice(VERBS)} {self._np()} and we will not accept "
                f"{self._np()} {rng.choice(CONNECTORS)} {self._np()}."
            )
        else:
            text = self._sentence(None)
        quote: dict[str, Any] = {"by": speaker.id, "kind": kind, "text": _wrap(text)}
        quote["source"] = rng.choice(sids)
        if rng.random() < 0.5:
            quote["date"] = self._partial_date(day, 30)[0]
        return quote

    def _sources(self, day: date, brief_id: str) -> list[dict[str, Any]]:
        rng = self.rng
        out: list[dict[str, Any]] = []
        ids = _Ids()
        for publisher, domain in rng.sample(self._publisher_pool, 4):
            published = day - timedelta(days=rng.randint(0, 14))
            words = [rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)]
            title = " ".join(words).capitalize() + f" {rng.choice(CONNECTORS)} {self._np()}"
            if rng.random() < 0.05:  # a widely cited reference document, shared by URL
                k = rng.randint(1, 40)
                url = f"https://www.{domain}/reports/annual-assessment-{k}"
                title = f"Annual assessment no. {k}"
                published = date(2010 + k % 15, 1 + k % 12, 1 + k % 28)
            else:
                slug = slugify(title)[:60].strip("-")
                url = f"https://www.{domain}/{published.year}/{published.month:02d}/{slug}"
            source: dict[str, Any] = {
                "id": ids.claim(f"{slugify(publisher)}-{published.isoformat()}"),
                "title": title,
                "publisher": publisher,
                "url": url,
                "published": published.isoformat(),
            }
            if rng.random() < 0.3:
                source["accessed"] = (day + timedelta(days=rng.randint(0, 2))).isoformat()
            if rng.random() < 0.2:
                stamp = published.strftime("%Y%m%d")
                source["archive_url"] = f"https://web.archive.org/web/{stamp}000000/{url}"
            source["reliability"] = rng.choice(RELIABILITY)
            out.append(source)
        return out

    def generate(self) -> tuple[dict[str, str], dict[str, str]]:
        """(brief id -> YAML text, actor id -> YAML text)."""
        self.make_actors()
        self._tag_pick = _Zipf(TAGS, 0.9)
        self._publisher_pool = PUBLISHERS
        popular = _Zipf(self.actors, 1.0)
        briefs: dict[str, str] = {}
        brief_ids = _Ids()
        earlier: list[str] = []
        for i in range(self.n):
            day = LAST_DAY - timedelta(days=self.n - 1 - i)
            words = [w for w in (self.rng.choice(NOUNS), self.rng.choice(NOUNS)) if w]
            ident = brief_ids.claim(f"{day.isoformat()}-{'-'.join(words)}")
            data = self.brief(i, ident, earlier, popular)
            briefs[ident] = _dump(data, "brief")
            if data.get("status") != "draft":
                earlier.append(ident)
        actors = {a.id: self.actor_yaml(a) for a in self.actors}
        return briefs, actors


def write_corpus(root: Path, n_briefs: int, seed: int = 1) -> None:
    """Write a deterministic synthetic `root/content/{briefs,actors}/*.yml` tree."""
    briefs, actors = _Corpus(n_briefs, seed).generate()
    content = Path(root) / "content"
    for kind, files in (("briefs", briefs), ("actors", actors)):
        folder = content / kind
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for ident, text in files.items():
            (folder / f"{ident}.yml").write_text(text, encoding="utf-8")
    schema = ROOT / "content" / "schema"
    if schema.is_dir():
        shutil.copytree(schema, content / "schema", dirs_exist_ok=True)


def write_project(out: Path, n_briefs: int, seed: int = 1) -> None:
    """`write_corpus` plus the project's mkdocs.yml and theme/, ready for `mkdocs build`."""
    out.mkdir(parents=True, exist_ok=True)
    write_corpus(out, n_briefs, seed)
    shutil.copy(ROOT / "mkdocs.yml", out / "mkdocs.yml")
    if (out / "theme").exists():
        shutil.rmtree(out / "theme")
    shutil.copytree(ROOT / "theme", out / "theme")


def check_corpus(root: Path) -> tuple[int, int, list[str]]:
    """Validate `root/content` with the real loader: (briefs, actors, warnings).

    Raises `generator.diagnostics.BriefingError` on any error.
    """
    from generator.diagnostics import format_diagnostic
    from generator.validate import load_content

    content, warnings = load_content(Path(root) / "content", Path(root))
    return len(content.briefs), len(content.actors), [format_diagnostic(w) for w in warnings]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, required=True, help="number of briefs")
    parser.add_argument("--out", type=Path, required=True, help="project folder to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--check", action="store_true", help="validate the corpus with load_content afterwards"
    )
    args = parser.parse_args(argv)
    write_project(args.out, args.briefs, args.seed)
    print(f"wrote {args.briefs} briefs to {args.out / 'content'}", file=sys.stderr)
    if args.check:
        from generator.diagnostics import BriefingError, format_report

        try:
            n_b, n_a, warnings = check_corpus(args.out)
        except BriefingError as exc:
            print(format_report(exc.diagnostics), file=sys.stderr)
            return 1
        for w in warnings:
            print(w, file=sys.stderr)
        print(f"ok: {n_b} briefs, {n_a} actors, {len(warnings)} warnings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
