"""Compiled templates kept between builds (Jinja's bytecode cache, in AKHBAR_CACHE_PATH, or in a
folder of their own, AKHBAR_TEMPLATE_CACHE_PATH).

Compiling the theme's templates is done again in every process that writes a language tree,
on every build. Jinja checks each cached template against its source, but not against what else
went into compiling it: the environment's options (JINJA_ENVIRONMENT: block syntax, whitespace,
autoescape), its extensions, whether each filter takes the context, and the values of filters
it folds into constants (`{{ 1234|format_number }}` reads AKHBAR_DIGITS). So the cache folder is
named after everything a page is made from, the build digest (fingerprint.build_digest: every
setting, the theme, the plugin's code and data, the library versions), as page reuse is, but for
the settings that only say where folders are (WHERE): a change to any of them starts a new folder
(in the cache folder, the old one is removed) and costs one compile.

The cache never fails a build: a compiled template that cannot be read is compiled again, and one
that cannot be written is not kept.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .fingerprint import build_digest, digest

logger = logging.getLogger(__name__)

FOLDER = "templates"
_DIGEST = re.compile("[0-9a-f]{32}")  # the folders made here (fingerprint.digest); nothing else


class SafeBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache, with its read and write errors turned into a compile."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged or vanished file: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            logger.warning("Compiled template not kept in %s: %s", self.directory, exc)


# Settings that name where things are, never what a template compiles to: a site moved or built
# into another folder keeps its compiled templates.
WHERE = ("OUTPUT_PATH", "PATH", "CACHE_PATH", "AKHBAR_SEEDS_PATH", "AKHBAR_CACHE_PATH",
         "AKHBAR_TEMPLATE_CACHE_PATH")
MARKER = ".akhbar-templates"  # in a folder of AKHBAR_TEMPLATE_CACHE_PATH's: it is ours
_DAY = 86400


def templates_digest(settings) -> str:
    """What the compiled templates depend on: the build digest of every setting but WHERE."""
    return digest("templates", build_digest({k: v for k, v in settings.items()
                                             if k not in WHERE}))


def bytecode_cache(settings, folder: Path | None) -> FileSystemBytecodeCache | None:
    """The bytecode cache for this build's templates in the cache folder `folder` (the seed
    cache's, locked by this build: the folders of other digests are removed), or None when the
    cache is off."""
    if folder is None:
        return None
    parent = folder / FOLDER
    target = parent / templates_digest(settings)
    if not target.is_dir():
        try:
            if parent.is_dir():
                for old in parent.iterdir():
                    if _DIGEST.fullmatch(old.name) and not old.is_symlink():
                        shutil.rmtree(old, ignore_errors=True)
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            logger.warning("Template cache %s not used: %s", target, exc)
            return None
    return SafeBytecodeCache(str(target))


def shared_bytecode_cache(settings, folder: Path, keep_days: int) -> FileSystemBytecodeCache | None:
    """The bytecode cache in AKHBAR_TEMPLATE_CACHE_PATH, a folder of its own that builds of
    several sites may use at once (Jinja writes each file whole): a folder per digest, those no
    build used for `keep_days` deleted. A folder that holds anything without this cache's
    marker is someone else's: not used, nothing in it touched."""
    target = folder / templates_digest(settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        names = os.listdir(folder)
        if MARKER not in names:
            if names:
                logger.warning("Template cache %s not used: it holds files that are not"
                               " compiled templates (%s), and no %s marker", folder,
                               ", ".join(sorted(names)[:3]), MARKER)
                return None
            (folder / MARKER).write_text("Compiled templates of Akhbar builds\n")
        target.mkdir(exist_ok=True)
        os.utime(target)  # used now: kept another `keep_days`
        cutoff = time.time() - keep_days * _DAY
        for old in folder.iterdir():
            if (_DIGEST.fullmatch(old.name) and not old.is_symlink() and old.is_dir()
                    and old.stat().st_mtime < cutoff):
                shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        logger.warning("Template cache %s not used: %s", folder, exc)
        return None
    return SafeBytecodeCache(str(target))
