"""Benchmark: entity matching (`Gazetteer.find`) over a synthetic corpus of article-sized texts.

The corpus is built from the real sentences of the bundled seeds (Arabic) and their sidecars'
English summaries, with names from the gazetteer (every alias, weak ones included, some with
proclitics glued on) spliced in at random, until each text reaches about --size characters.
Generation is not timed; loading (validating and compiling the automata) and matching are timed
separately.

    .venv/bin/python bench/bench_matching.py                  # 10,000 texts of ~4 KB
    .venv/bin/python bench/bench_matching.py --count 1000 \
        --gazetteer tests/unit/data/mini_gazetteer.yml
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from akhbar.names.gazetteer import DEFAULT_GAZETTEER  # noqa: E402
from akhbar.names.gazetteer_file import load_gazetteer  # noqa: E402

PROCLITICS_AR = ["", "", "", "و", "ب", "ل", "وب", "ف"]


def seed_sentences() -> tuple[list[str], list[str]]:
    arabic, english = [], []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            arabic += [s.strip() for s in re.split(r"(?<=[.!؟])\s+", line) if len(s.strip()) > 20]
    for path in sorted((ROOT / "seeds").glob("*.meta.yml")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for field in ("title_en", "summary_en", "notes"):
            text = meta.get(field) or ""
            english += [s.strip() for s in re.split(r"(?<=[.;])\s+", text) if len(s.strip()) > 20]
    return arabic, english


def gazetteer_names(path: Path) -> tuple[list[str], list[str]]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = {"ar": [], "en": []}
    for entry in raw["entities"]:
        for lang in names:
            names[lang] += [entry[f"name_{lang}"], *(entry.get(f"aliases_{lang}") or []),
                            *(entry.get(f"weak_aliases_{lang}") or [])]
    return names["ar"], names["en"]


def make_text(rng: random.Random, sentences: list[str], names: list[str], size: int,
              arabic: bool, max_names: int) -> str:
    paragraphs, length = [], 0
    while length < size:
        words = rng.choice(sentences).split()
        for _ in range(rng.randint(min(1, max_names), max_names)):   # splice names in
            name = rng.choice(names)
            if arabic:
                name = rng.choice(PROCLITICS_AR) + name
            words.insert(rng.randrange(len(words) + 1), name)
        paragraph = " ".join(words)
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="number of texts (10000)")
    parser.add_argument("--size", type=int, default=4_000, help="characters per text (4000)")
    parser.add_argument("--english", type=float, default=0.2, help="share of English texts (0.2)")
    parser.add_argument("--max-names", type=int, default=3,
                        help="names spliced into each sentence: 1 to this many (3); 0 = none, "
                             "the seeds' own density")
    parser.add_argument("--gazetteer", type=Path, default=DEFAULT_GAZETTEER)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not args.gazetteer.exists():
        print(f"no gazetteer at {args.gazetteer}", file=sys.stderr)
        return 1

    t0 = time.perf_counter()
    gazetteer = load_gazetteer(args.gazetteer)
    load_seconds = time.perf_counter() - t0

    rng = random.Random(args.seed)
    ar_sentences, en_sentences = seed_sentences()
    ar_names, en_names = gazetteer_names(args.gazetteer)
    corpus = []
    for _ in range(args.count):
        if rng.random() < args.english:
            text = make_text(rng, en_sentences, en_names, args.size, False, args.max_names)
            corpus.append(("en", text))
        else:
            text = make_text(rng, ar_sentences, ar_names, args.size, True, args.max_names)
            corpus.append(("ar", text))
    chars = sum(len(text) for _, text in corpus)

    t0 = time.perf_counter()
    mentions = 0
    for lang, text in corpus:
        mentions += len(gazetteer.find(text, lang))
    seconds = time.perf_counter() - t0

    print(f"gazetteer: {args.gazetteer} ({len(gazetteer.entities)} entities, "
          f"{len(gazetteer.topics)} topics), loaded and compiled in {load_seconds:.3f} s")
    print(f"corpus: {len(corpus)} texts ({sum(1 for lang, _ in corpus if lang == 'en')} English), "
          f"{chars / 1e6:.1f} M characters, average {chars / len(corpus):.0f}, "
          + (f"1-{args.max_names} names spliced per sentence" if args.max_names
             else "no names spliced"))
    print(f"find: {mentions} mentions ({mentions / len(corpus):.0f} per text) "
          f"in {seconds:.2f} s total, {len(corpus) / seconds:,.0f} articles/second, "
          f"{chars / seconds / 1e6:.1f} M chars/second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
