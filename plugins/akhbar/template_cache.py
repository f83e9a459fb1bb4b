"""Compiled templates kept between builds (Jinja's bytecode cache, in AKHBAR_CACHE_PATH).

Compiling the theme's templates takes about 0.4 s in every process that writes a language tree,
on every build. Jinja checks each cached template against its source, but not against the
environment that compiled it (block syntax, whitespace options, extensions, newstyle gettext),
so the cache folder is named after what sets that environment up: the Jinja version, the
JINJA_ENVIRONMENT setting and the plugin's code. A change to any of them starts a new folder and
removes the old one.
"""

from __future__ import annotations

import logging
import shutil
from importlib import metadata as distributions
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from .fingerprint import text_keys, digest, files_digest

logger = logging.getLogger(__name__)

FOLDER = "templates"


def bytecode_cache(settings) -> FileSystemBytecodeCache | None:
    """The bytecode cache for this build's templates, or None when the seed cache is off."""
    folder = settings.get("AKHBAR_CACHE_PATH")
    if not folder:
        return None
    name = digest("templates", distributions.version("jinja2"),
                  text_keys(settings.get("JINJA_ENVIRONMENT") or {}),
                  files_digest(Path(__file__).resolve().parent))
    parent = Path(folder).expanduser().resolve() / FOLDER
    target = parent / name
    if not target.is_dir():
        try:
            if parent.is_dir():
                for old in parent.iterdir():
                    shutil.rmtree(old, ignore_errors=True)
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            logger.warning("Template cache %s not used: %s", target, exc)
            return None
    return FileSystemBytecodeCache(str(target))
