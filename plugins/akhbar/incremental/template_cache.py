"""Compiled templates kept between builds (Jinja's bytecode cache, in AKHBAR_CACHE_PATH).

Compiling the theme's templates is done again in every process that writes a language tree,
on every build. Jinja checks each cached template against its source, but not against what else
went into compiling it: the environment's options (JINJA_ENVIRONMENT: block syntax, whitespace,
autoescape), its extensions, whether each filter takes the context, and the values of filters
it folds into constants (`{{ 1234|format_number }}` reads AKHBAR_DIGITS). So the cache folder is
named after everything a page is made from, the build digest (fingerprint.build_digest: every
setting, the theme, the plugin's code and data, the library versions), as page reuse is: a change
to any of them starts a new folder and removes the old one, and costs one compile.

The cache never fails a build: a compiled template that cannot be read is compiled again, and one
that cannot be written is not kept.
"""

from __future__ import annotations

import logging
import re
import shutil
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


def bytecode_cache(settings, folder: Path | None) -> FileSystemBytecodeCache | None:
    """The bytecode cache for this build's templates in the cache folder `folder`, or None
    when the cache is off."""
    if folder is None:
        return None
    parent = folder / FOLDER
    target = parent / digest("templates", build_digest(settings))
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
