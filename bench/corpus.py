"""Generate a realistic, deterministic corpus of raw seed files (and the same texts as Markdown).

    .venv/bin/python bench/corpus.py --count 1000 --out /tmp/akhbar-bench/corpus-1000

writes
    OUT/seeds/NNNNNN_<16 hex>.txt   raw seeds as scrapers deliver them (noise and all)
    OUT/seeds/*.meta.yml            a sidecar for ~10 % of them (source, url, some title_en)
    OUT/markdown/<same stem>.md     the clean article as plain Markdown (Title, Date, Slug,
                                    paragraphs), for the plain-Pelican baseline
    OUT/manifest.json               the parameters and what the corpus holds

Everything comes from the five bundled seeds, their sidecars, their English translations
(content/translations/) and the gazetteer; nothing is downloaded. Article i is generated from its
own random stream, seeded with "<seed>:<i>", so the corpus of 1,000 is the first 1,000 files of
the corpus of 5,000 and the same command always writes the same bytes.

What an article looks like (shares are of all articles, approximately):

* language: ~95 % Arabic, ~5 % English;
* 3 to 40 paragraphs (triangular, mode 5: mean ~16, ~5-6 KB), one to three sentences each, the
  sentences taken from the real seeds (or translations), recombined across seeds, with the
  gazetteer names in them swapped for other names of the same kind (person, place, organisation,
  country, event: name or alias, proclitics kept) drawn from a per-article "cast" picked with
  Zipf-like popularity (so a few entities are in thousands of articles, most in few), and the
  numbers in them varied (years near the article's year);
* a kicker (section label) above the headline (~25 %), the headline printed twice (~35 %);
* a date between 2011-01-01 and 2024-12-31: a dateline near the top (~75 %: "14 ديسمبر 2016",
  "الاثنين 17 سبتمبر/أيلول 2018", "2019/09/16", "2019/09/16 10:30", "15 كانون الأول 2016",
  "دمشق - 15 كانون الأول 2016"; English "March 5, 2020", "14 December 2016", "Thursday, March 5,
  2020"), or only a full date inside a sentence (~15 %, which the reader takes with a warning),
  or none at all (~10 %: undated, and then no sentence with a day-month-year date is used);
* photo captions with credits ("… / Sol Haber", "… (ألكسندرا بيير/Getty)", "(AFP)", "- صورة
  أرشيفية") (~45 %), a share counter "0" under a caption, "+ الخط -" (~20 %), [ads1] markers
  (~30 %), "اقرأ أيضًا: …" teasers (~35 %), subheadings (~15 %), comment forms, "مقالات ذات صلة",
  "زر الذهاب إلى الأعلى" and share widgets at the end;
* files: LF (~92 %), CRLF (~5 %), UTF-8 BOM (~3 %); ~2 % of the Arabic ones in Windows-1256;
  blank lines single, doubled or absent between lines.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TRANSLATIONS = ROOT / "content" / "translations"
GAZETTEER = ROOT / "plugins" / "akhbar" / "data" / "gazetteer.yml"
SECTIONS = ROOT / "plugins" / "akhbar" / "data" / "sections.yml"
KINDS = ("person", "place", "organisation", "country", "event")

START, END = datetime.date(2011, 1, 1), datetime.date(2024, 12, 31)

MONTHS_AR = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
             "أكتوبر", "نوفمبر", "ديسمبر"]
MONTHS_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                 "تشرين الأول", "تشرين الثاني", "كانون الأول"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
WEEKDAYS_AR = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CITIES_AR = ["دمشق", "أنقرة", "موسكو", "إسطنبول", "بيروت", "عمان"]

# Month names (any spelling the reader knows) to recognise sentences that carry a full date.
_MONTH_WORDS = re.compile("|".join(MONTHS_AR + MONTHS_LEVANT + MONTHS_EN + ["ايار", "ابريل"]))
_YEAR = re.compile(r"(?<![0-9])(19|20)[0-9]{2}(?![0-9])")
_NUMBER = re.compile(r"(?<![0-9])[0-9]{1,4}(?![0-9])")

KICKERS_EXTRA = ["الشأن السوري", "أخبار محلية", "تقارير", "سياسة", "عربي", "دولي", "اقتصاد",
                 "ملفات", "متابعات"]
CREDITS_LATIN = ["Sol Haber", "Reuters", "AFP", "AP", "Anadolu", "Getty Images", "EPA"]
PHOTOGRAPHERS = ["ألكسندرا بيير", "محمد الرفاعي", "عمر حاج قدور", "بكر القاسم", "أوزان كوسه",
                 "عارف تماوي", "دليل سليمان"]
AGENCIES_PAREN = ["(AFP)", "(Getty)", "(الأناضول)", "(رويترز)", "(فرانس برس)", "(صورة أرشيفية)"]
SUBHEAD_NOUNS = ["انتصار", "موقف", "تصريحات", "ردود فعل", "خلفية", "مفاوضات", "تحذير",
                 "اتهامات"]
TEASER_PREFIXES = ["اقرأ أيضًا: ", "اقرأ أيضاً: ", "إقرأ أيضا: ", "اقرأ أيضا: "]
COMMENT_FORMS = [
    ["اترك رد", "لن يتم نشر عنوان بريدك الإلكتروني."],
    ["اترك تعليقاً", "لن يتم نشر عنوان بريدك الإلكتروني.", "الحقول الإلزامية مشار إليها بـ *",
     "التعليق", "الاسم *", "البريد الإلكتروني *", "الموقع الإلكتروني",
     ("احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة المقبلة "
      "في تعليقي."),
     "إرسال التعليق"],
    ["التعليقات", "لا توجد تعليقات"],
]
WIDGETS_END = [["مقالات ذات صلة"], ["زر الذهاب إلى الأعلى"],
               ["مقالات ذات صلة", "زر الذهاب إلى الأعلى"],
               ["شارك", "فيسبوك", "تويتر", "واتساب"], ["الوسوم"]]
SOURCES = [("وكالة الأناضول", "Anadolu Agency"), ("العربي الجديد", "The New Arab"),
           ("عنب بلدي", "Enab Baladi"), ("سبوتنيك", "Sputnik"), ("ترك برس", "Turk Press")]
EN_COMMENT_FORMS = [["Leave a Reply", "Your email address will not be published.",
                     "Required fields are marked *"]]
EN_WIDGETS_END = [["Share", "Tweet", "Email"], ["Related Articles"], ["Back to top"], ["Tags"]]
EN_CREDITS = [" / Reuters", " (AFP)", " (Getty Images)", " / Sol Haber", " (Anadolu)"]


# --- material from the repository -------------------------------------------------------------

@dataclass
class Name:
    entity: str
    kind: str
    forms: list[str]  # display name first, then aliases (strong only)


@dataclass
class Template:
    """A sentence with its gazetteer names cut out: text pieces and (kind, proclitic) slots."""

    pieces: list[str]
    slots: list[tuple[str, str]]
    has_full_date: bool = False

    def render(self, choose) -> str:
        out = [self.pieces[0]]
        for (kind, prefix), piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(prefix + choose(kind))
            out.append(piece)
        return "".join(out)


@dataclass
class Material:
    names: dict[str, dict[str, list[Name]]]  # lang -> kind -> names, popularity order
    weights: dict[str, dict[str, list[float]]]  # lang -> kind -> cumulative Zipf weights
    sentences: dict[str, list[Template]]
    headlines: dict[str, list[Template]]
    captions: dict[str, list[Template]]
    kickers: list[str]
    sources: list[tuple[str, str]] = field(default_factory=lambda: SOURCES)


def _split_sentences(line: str, lang: str) -> list[str]:
    ends = r"(?<=[.!؟?])\s+" if lang == "ar" else r"(?<=[.!?])\s+(?=[A-Z“\"])"
    return [s.strip() for s in re.split(ends, line) if s.strip()]


# A photo caption in the seeds: it ends in a credit ("… / Sol Haber", "… (ألكسندرا بيير/Getty)").
# Its words are no sentence of a body: a paragraph ending so is a caption to the reader.
CAPTION_LINE = re.compile(r"(?:\s/\s*[A-Za-z][A-Za-z ]{0,20}|\([^()]*/[^()]*\))$")


def _is_furniture(line: str) -> bool:
    return (line.startswith("[ads") or line in {"اترك رد", "لن يتم نشر عنوان بريدك الإلكتروني.",
                                                "مقالات ذات صلة", "زر الذهاب إلى الأعلى",
                                                "+ الخط -"}
            or line.isdigit())


def _name_pattern(names: list[Name], lang: str) -> tuple[re.Pattern, dict[str, str]]:
    forms: dict[str, str] = {}
    for name in names:
        for form in name.forms:
            forms.setdefault(form, name.kind)
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    if lang == "ar":
        pattern = rf"(?<!\w)(?P<pre>و?ف?[بكل]?)(?P<name>{alternation})(?!\w)"
    else:
        pattern = rf"(?<![\w-])(?P<pre>)(?P<name>{alternation})(?![\w-])"
    return re.compile(pattern), forms


def _template(text: str, pattern: re.Pattern, forms: dict[str, str]) -> Template:
    pieces, slots, last = [], [], 0
    for m in pattern.finditer(text):
        pieces.append(text[last:m.start()])
        slots.append((forms[m.group("name")], m.group("pre")))
        last = m.end()
    pieces.append(text[last:])
    has_date = bool(_YEAR.search(text) and _MONTH_WORDS.search(text))
    return Template(pieces, slots, has_date)


def _caption_template(t: Template, strip: str) -> Template:
    """A photo caption cut from a sentence: a few words before its first name, the name, and a
    few words after it ("وزير الخارجية الروسي سيرغي لافروف", "Lavrov said that his country")."""
    before = t.pieces[0].split()[-4:]
    after = t.pieces[1].split()[:4]
    head = " ".join(before) + (" " if before and t.pieces[0].endswith(" ") else "")
    tail = (" " if t.pieces[1][:1].isspace() else "") + " ".join(after)
    return Template([head, tail.rstrip(strip).rstrip()], [t.slots[0]])


def load_material() -> Material:
    raw = yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))
    names: dict[str, dict[str, list[Name]]] = {"ar": {k: [] for k in KINDS},
                                                "en": {k: [] for k in KINDS}}
    for entry in raw["entities"]:
        for lang in ("ar", "en"):
            forms = [entry[f"name_{lang}"], *(entry.get(f"aliases_{lang}") or [])]
            names[lang][entry["kind"]].append(Name(entry["id"], entry["kind"], forms))
    # Zipf-like popularity: the gazetteer's own order (seed entities first) ranks them.
    weights: dict[str, dict[str, list[float]]] = {"ar": {}, "en": {}}
    for lang in names:
        for kind, members in names[lang].items():
            total, cumulative = 0.0, []
            for rank in range(len(members)):
                total += 1.0 / (rank + 1) ** 1.1
                cumulative.append(total)
            weights[lang][kind] = cumulative

    all_ar = [n for kind in KINDS for n in names["ar"][kind]]
    all_en = [n for kind in KINDS for n in names["en"][kind]]
    pattern_ar, forms_ar = _name_pattern(all_ar, "ar")
    pattern_en, forms_en = _name_pattern(all_en, "en")

    sentences = {"ar": [], "en": []}
    headlines = {"ar": [], "en": []}
    captions = {"ar": [], "en": []}
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [s.strip() for s in path.read_text(encoding="utf-8").splitlines() if s.strip()]
        headlines["ar"].append(_template(lines[0] if len(lines[0].split()) > 4 else lines[1],
                                         pattern_ar, forms_ar))
        for line in lines[1:]:
            if _is_furniture(line) or CAPTION_LINE.search(line):
                continue
            m = re.match(r"(?:اقرأ أيضًا|اقرأ أيضاً):\s*(.+)", line)
            if m:
                headlines["ar"].append(_template(m.group(1), pattern_ar, forms_ar))
                continue
            words = line.split()
            if len(words) < 8:
                continue
            for sentence in _split_sentences(line, "ar"):
                if len(sentence.split()) >= 6:
                    t = _template(sentence, pattern_ar, forms_ar)
                    sentences["ar"].append(t)
                    if t.slots:
                        captions["ar"].append(_caption_template(t, ".،:؛”\"»"))
    for path in sorted(TRANSLATIONS.glob("*.md")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        for line in head.splitlines():
            key, _, value = line.partition(":")
            if key == "Title":
                headlines["en"].append(_template(value.strip(), pattern_en, forms_en))
            elif key == "Summary":
                body = value + "\n\n" + body
        for line in body.split("\n\n"):
            for sentence in _split_sentences(line.strip(), "en"):
                if len(sentence.split()) >= 6:
                    t = _template(sentence, pattern_en, forms_en)
                    sentences["en"].append(t)
                    if t.slots:
                        captions["en"].append(_caption_template(t, ".,:;”\""))
    for path in sorted(SEEDS.glob("*.meta.yml")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if meta.get("title_en"):
            headlines["en"].append(_template(meta["title_en"], pattern_en, forms_en))

    sections = yaml.safe_load(SECTIONS.read_text(encoding="utf-8"))["sections"]
    kickers = sorted({s["ar"] for s in sections} | set(KICKERS_EXTRA))
    return Material(names, weights, sentences, headlines, captions, kickers)


# --- one article ------------------------------------------------------------------------------

@dataclass
class Article:
    stem: str
    lang: str
    raw: bytes
    title: str
    date: datetime.date | None
    date_kind: str  # "dateline" | "text" | "none"
    body: list[str]  # clean paragraphs (and subheadings), for the Markdown baseline
    sidecar: str | None
    encoding: str
    mentions: int


class _Cast:
    """The entities one article talks about: a few per kind, popular ones more often."""

    def __init__(self, rng: random.Random, material: Material, lang: str):
        self.rng, self.lang, self.material = rng, lang, material
        self.members: dict[str, list[Name]] = {}
        sizes = {"person": (1, 5), "place": (1, 5), "organisation": (0, 3), "country": (1, 4),
                 "event": (0, 2)}
        for kind, (lo, hi) in sizes.items():
            self.members[kind] = [self._popular(kind) for _ in range(rng.randint(lo, hi))]
        self.used = 0

    def _popular(self, kind: str) -> Name:
        cumulative = self.material.weights[self.lang][kind]
        pick = self.rng.random() * cumulative[-1]
        return self.material.names[self.lang][kind][bisect.bisect_left(cumulative, pick)]

    def __call__(self, kind: str) -> str:
        self.used += 1
        members = self.members.get(kind) or []
        name = (self.rng.choice(members) if members and self.rng.random() < 0.85
                else self._popular(kind))
        forms = name.forms
        return (forms[0] if len(forms) == 1 or self.rng.random() < 0.6
                else self.rng.choice(forms[1:]))


def _vary_numbers(text: str, rng: random.Random, year: int) -> str:
    def swap(m: re.Match) -> str:
        digits = m.group()
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(max(START.year, year - rng.randint(0, 3)))
        if len(digits) == 1:
            return str(rng.randint(1, 9))
        return str(rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1))
    return _NUMBER.sub(swap, text)


def _random_date(rng: random.Random) -> datetime.date:
    return START + datetime.timedelta(days=rng.randrange((END - START).days + 1))


def _dateline(rng: random.Random, day: datetime.date, lang: str) -> str:
    if lang == "en":
        form = rng.randrange(3)
        if form == 0:
            return f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
        if form == 1:
            return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
        return f"{WEEKDAYS_EN[day.weekday()]}, {MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
    form = rng.choices(range(6), weights=(30, 25, 20, 5, 12, 8))[0]
    if form == 0:
        return f"{day.day} {MONTHS_AR[day.month - 1]} {day.year}"
    if form == 1:
        return (f"{WEEKDAYS_AR[day.weekday()]} {day.day} {MONTHS_AR[day.month - 1]}/"
                f"{MONTHS_LEVANT[day.month - 1]} {day.year}")
    if form == 2:
        return f"{day.year}/{day.month:02d}/{day.day:02d}"
    if form == 3:
        return (f"{day.year}/{day.month:02d}/{day.day:02d} "
                f"{rng.randint(0, 23):02d}:{rng.randrange(60):02d}")
    if form == 4:
        return f"{day.day} {MONTHS_LEVANT[day.month - 1]} {day.year}"
    return f"{rng.choice(CITIES_AR)} - {day.day} {MONTHS_LEVANT[day.month - 1]} {day.year}"


def _date_sentence(rng: random.Random, day: datetime.date, lang: str, cast: _Cast) -> str:
    if lang == "en":
        return (f"The meeting between {cast('person')} and {cast('person')} took place on "
                f"{day.day} {MONTHS_EN[day.month - 1]} {day.year} in {cast('place')}.")
    month = rng.choice([MONTHS_AR[day.month - 1],
                        f"{MONTHS_AR[day.month - 1]}/{MONTHS_LEVANT[day.month - 1]}"])
    return rng.choice([
        (f"وكان {cast('person')} قد التقى {cast('person')} في {cast('place')} "
         f"يوم {day.day} {month} {day.year}، بحسب مصادر مطلعة."),
        f"وجاءت هذه التصريحات في {day.day} {month} {day.year} خلال زيارة إلى {cast('place')}.",
        (f"وأعلنت {cast('organisation')} في بيان صدر بتاريخ {day.day} {month} {day.year} "
         f"عن اجتماع جديد في {cast('place')}."),
    ])


def make_article(i: int, seed: int, material: Material, english_share: float,
                 sidecar_share: float) -> Article:
    rng = random.Random(f"{seed}:{i}")
    lang = "en" if rng.random() < english_share else "ar"
    stem = f"{i:06d}_{rng.getrandbits(64):016x}"
    cast = _Cast(rng, material, lang)

    roll = rng.random()
    date_kind = "dateline" if roll < 0.75 else "text" if roll < 0.90 else "none"
    day = _random_date(rng) if date_kind != "none" else None
    year = day.year if day else rng.randint(START.year, END.year)

    pool = material.sentences[lang]
    if date_kind != "dateline":  # no stray full dates: the article's date is the one we write
        pool = [t for t in pool if not t.has_full_date]

    def sentence() -> str:
        return _vary_numbers(rng.choice(pool).render(cast), rng, year)

    # headline: a real headline with names swapped, or the first words of a sentence
    if rng.random() < 0.5:
        title = _vary_numbers(rng.choice(material.headlines[lang]).render(cast), rng, year)
    else:
        words = sentence().split()
        title = " ".join(words[: rng.randint(6, min(16, len(words)))]).rstrip(".،,:؛;")
    title = title.rstrip(".")

    n_paragraphs = int(rng.triangular(3, 40.999, 5))
    body: list[str] = []
    for _ in range(n_paragraphs):
        k = rng.choices((1, 2, 3), weights=(82, 15, 3))[0]
        body.append(" ".join(sentence() for _ in range(k)))
    if date_kind == "text":
        where = rng.randrange(len(body))
        body[where] = body[where] + " " + _date_sentence(rng, day, lang, cast)

    # subheadings (Arabic only): a short line before a paragraph, never the first one
    clean = list(body)
    lines_body: list[str] = list(body)
    if lang == "ar" and len(body) > 4 and rng.random() < 0.15:
        for _ in range(rng.randint(1, 2)):
            at = rng.randrange(2, len(lines_body))
            sub = f"{rng.choice(SUBHEAD_NOUNS)} {cast('person')}"
            if len(sub.split()) <= 5:
                lines_body.insert(at, sub)
                clean.insert(min(at, len(clean)), sub)

    # teasers, ads, captions inside the body
    if rng.random() < 0.35:
        for _ in range(rng.randint(1, 2)):
            teaser = _vary_numbers(rng.choice(material.headlines[lang]).render(cast), rng, year)
            prefix = (rng.choice(TEASER_PREFIXES) if lang == "ar"
                      else rng.choice(["Read also: ", "See also: "]))
            lines_body.insert(rng.randrange(1, len(lines_body) + 1), prefix + teaser)
    if rng.random() < 0.30:
        for _ in range(rng.randint(1, 3)):
            marker = "[ads1]" if lang == "ar" else rng.choice(["[ads1]", "Advertisement"])
            lines_body.insert(rng.randrange(1, len(lines_body) + 1), marker)
    if lang == "ar" and len(lines_body) > 6 and rng.random() < 0.10:
        lines_body.insert(rng.randrange(3, len(lines_body)), _caption(rng, material, cast, lang))

    top: list[str] = []
    if lang == "ar" and rng.random() < 0.25:
        top.append(rng.choice(material.kickers))
    if date_kind == "dateline" and rng.random() < 0.08:
        top.insert(0, _dateline(rng, day, lang))
        date_kind_placed = True
    else:
        date_kind_placed = False
    top.append(title)
    if rng.random() < 0.35:
        top.append(title)
    under: list[str] = []
    if rng.random() < 0.45:
        under.append(_caption(rng, material, cast, lang))
        if rng.random() < 0.3:
            under.append("0")
    if date_kind == "dateline" and not date_kind_placed:
        under.insert(rng.choice([0, len(under)]) if under else 0, _dateline(rng, day, lang))
    if rng.random() < 0.20:
        under.append("+ الخط -" if lang == "ar" else "Share")

    tail: list[str] = []
    if rng.random() < 0.40:
        tail += rng.choice(COMMENT_FORMS if lang == "ar" else EN_COMMENT_FORMS)
    if rng.random() < 0.20:
        tail += rng.choice(WIDGETS_END if lang == "ar" else EN_WIDGETS_END)

    lines = top + under + lines_body + tail
    sep = rng.choices(["\n\n", "\n\n\n", "\n"], weights=(70, 15, 15))[0]
    text = sep.join(lines) + "\n"
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")

    encoding = "utf-8"
    if lang == "ar" and rng.random() < 0.02:
        try:
            raw = text.encode("windows-1256")
            encoding = "windows-1256"
        except UnicodeEncodeError:
            raw = text.encode("utf-8")
    else:
        raw = text.encode("utf-8")
    if encoding == "utf-8" and rng.random() < 0.03:
        raw = b"\xef\xbb\xbf" + raw
        encoding = "utf-8-sig"

    sidecar = None
    if rng.random() < sidecar_share:
        source_ar, source_en = rng.choice(material.sources)
        meta = {"source": source_ar if lang == "ar" else source_en,
                "url": f"https://example.org/news/{stem.split('_')[1]}"}
        if lang == "ar":
            meta["source_en"] = source_en
            if rng.random() < 0.3:
                meta["title_en"] = _vary_numbers(rng.choice(material.headlines["en"]).render(
                    _Cast(rng, material, "en")), rng, year)
        sidecar = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)

    return Article(stem, lang, raw, title, day, date_kind, clean, sidecar, encoding, cast.used)


def _caption(rng: random.Random, material: Material, cast: _Cast, lang: str) -> str:
    text = rng.choice(material.captions[lang]).render(cast)
    if lang == "en":
        return text + rng.choice(EN_CREDITS)
    form = rng.randrange(4)
    if form == 0:
        return f"{text} / {rng.choice(CREDITS_LATIN)}"
    if form == 1:
        return f"{text} ({rng.choice(PHOTOGRAPHERS)}/{rng.choice(['Getty', 'AFP', 'الأناضول'])})"
    if form == 2:
        return f"{text} {rng.choice(AGENCIES_PAREN)}"
    return f"{text} - صورة أرشيفية"


def markdown(article: Article) -> str:
    head = [f"Title: {article.title}"]
    if article.date:
        head.append(f"Date: {article.date.isoformat()}")
    head.append(f"Slug: {article.stem.split('_', 1)[1]}")
    return "\n".join(head) + "\n\n" + "\n\n".join(article.body) + "\n"


# --- the corpus -------------------------------------------------------------------------------

def generate(count: int, out: Path, seed: int = 1, english: float = 0.05,
             sidecars: float = 0.10, quiet: bool = False) -> dict:
    """Write the corpus into out/ (seeds/, markdown/, manifest.json); reuse it when the manifest
    says the same corpus is already there."""
    params = {"count": count, "seed": seed, "english": english, "sidecars": sidecars,
              "generator_version": 5}
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        try:
            manifest = json.loads(manifest_path.read_text())
            if manifest.get("params") == params:
                return manifest
        except (ValueError, OSError):
            pass
    started = time.perf_counter()
    material = load_material()
    seeds_dir, md_dir = out / "seeds", out / "markdown"
    for folder in (seeds_dir, md_dir):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():  # only our own files: a corpus folder holds nothing else
            if old.suffix in (".txt", ".yml", ".md"):
                old.unlink()
    stats = {"arabic": 0, "english": 0, "dateline": 0, "text_date": 0, "undated": 0,
             "sidecars": 0, "windows_1256": 0, "seed_bytes": 0, "markdown_bytes": 0,
             "paragraphs": 0, "names_inserted": 0}
    for i in range(count):
        article = make_article(i, seed, material, english, sidecars)
        (seeds_dir / f"{article.stem}.txt").write_bytes(article.raw)
        md = markdown(article).encode("utf-8")
        (md_dir / f"{article.stem}.md").write_bytes(md)
        if article.sidecar:
            (seeds_dir / f"{article.stem}.meta.yml").write_text(article.sidecar, encoding="utf-8")
            stats["sidecars"] += 1
        stats["arabic" if article.lang == "ar" else "english"] += 1
        kind = {"dateline": "dateline", "text": "text_date", "none": "undated"}[article.date_kind]
        stats[kind] += 1
        stats["windows_1256"] += article.encoding == "windows-1256"
        stats["seed_bytes"] += len(article.raw)
        stats["markdown_bytes"] += len(md)
        stats["paragraphs"] += len(article.body)
        stats["names_inserted"] += article.mentions
        if not quiet and (i + 1) % 1000 == 0:
            print(f"  corpus: {i + 1:,}/{count:,}", file=sys.stderr)
    manifest = {"params": params, "stats": stats,
                "seconds": round(time.perf_counter() - started, 2)}
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--english", type=float, default=0.05, help="share of English seeds")
    parser.add_argument("--sidecars", type=float, default=0.10, help="share with a .meta.yml")
    args = parser.parse_args()
    manifest = generate(args.count, args.out, args.seed, args.english, args.sidecars)
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
