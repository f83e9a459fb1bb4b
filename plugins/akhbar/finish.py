"""A build's last steps: report.json, the search index, the summary line (and --strict), and
the folders let go whatever happens."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from .build import KEY, Build, say
from .reading import seed_files
from .site import dataset, output_size, report
from .site.writer import trees_from
from .start import stop_failing_when_interrupted
from .system import output_folder
from .system.files import described, shown

logger = logging.getLogger(__name__)


def finish_build(build: Build, settings) -> None:
    output = Path(settings["OUTPUT_PATH"])
    try:
        # The dataset first: a folder of the previous build moved back whole (data/, kept with
        # its page) is swept of older files in the background, and a file it lists while the
        # dataset replaces it would be deleted after the replacement.
        result = _gather_report(build, settings, output)
        if build.reuse is not None:
            build.reuse.discard_previous()  # in the background: every file is kept or written
        searched = _index_for_search(build, output)
        reuse, build.reuse = build.reuse, None
        if reuse is not None:
            reuse.finish()
            if reuse.summary():
                say(reuse.summary())
        # Written last, with what the site weighs as the build leaves it.
        result["size"] = output_size.measure(output, settings,
                                             report.summary(result)["published"])
        report.write_report(result, output)
        if build.cache is not None:
            build.cache.prune()
        strangers = output_folder.complete(output_folder.resolved(output),
                                           list(settings.get("OUTPUT_RETENTION") or ()))
        if strangers:
            logger.warning("%s", shown(
                f"Akhbar: {output_folder.listed(strangers)} appeared in {output} while the"
                " build ran, under names no build gives: not the build's, they stay, and the"
                " next build refuses the folder until they are moved out (or named in"
                " OUTPUT_RETENTION)"))
    except OSError as exc:
        logger.error("Akhbar: the build could not finish writing %s: %s", output,
                     described(exc))
        raise SystemExit(1) from None
    finally:
        end_build(build, settings)
    _summarise(build, result, output, strict=settings["AKHBAR_STRICT"])
    if not searched:
        say("Akhbar: the search index could not be built (see above): the site's"
            " search does not work; failing the build")
        sys.exit(1)


def end_build(build: Build, settings) -> None:
    """Let the folders go and forget the build (a process that builds again starts anew)."""
    build.known_texts.clear()
    build.release_locks()
    if settings.get(KEY) is build:
        del settings[KEY]
    stop_failing_when_interrupted()


def _gather_report(build: Build, settings, output: Path) -> dict:
    """report.json's content, and the dataset written (while Pagefind runs)."""
    trees = trees_from(settings)
    result = report.build_report(
        build.folder or seed_files.SeedFolder(build.seeds_path),
        build.articles,
        build.results,
        max_bytes=settings["AKHBAR_MAX_SEED_BYTES"],
        trees=trees,
        source_key=build.source_key,
    )
    if build.index is not None:
        result.update(report.index_tables(build.index, trees, settings["AKHBAR_ENTITY_URL"],
                                          settings["AKHBAR_TOPIC_URL"]))
    if settings["AKHBAR_DATA_FILES"]:
        _write_dataset(build, settings, output, result)
    return result


def _write_dataset(build: Build, settings, output: Path, result: dict) -> None:
    articles_by_source = {}
    for source, path, _other in (build.folder.entries() if build.folder is not None else ()):
        article = build.articles.get(build.source_key(path)) if path is not None else None
        if article is not None:
            articles_by_source[source] = article
    dataset.write_dataset(
        output, result, articles_by_source, {story.id: story for story in build.stories},
        gazetteer=build.index.gazetteer if build.index is not None else None,
        folder=settings["AKHBAR_DATA_URL"].strip("/"))


def _index_for_search(build: Build, output: Path) -> bool:
    """Wait for the Pagefind runs queued as the trees were written; one line per tree. False
    when a run failed."""
    search, build.search = build.search, None
    if search is None:
        return True
    by_tree: dict[str, list] = {}
    for job in search.finish():
        by_tree.setdefault(job.lang, []).append(job)
        if job.made_from and not job.error and build.reuse is not None:
            folder = job.path.resolve().relative_to(output.resolve()).as_posix()
            build.reuse.bundle_written(folder, job.made_from)
    complete = True
    for tree_jobs in by_tree.values():
        failed = [job for job in tree_jobs if job.error]
        for job in failed:
            logger.error("Search index not built: %s", job.error)
        if failed:
            complete = False
            continue
        first, pages = tree_jobs[0], sum(job.pages for job in tree_jobs)
        extra = len(tree_jobs) - 1
        more = f" and {extra} more bundle{'s' if extra > 1 else ''} beside it" if extra else ""
        reused, files = sum(job.reused for job in tree_jobs), sum(job.files for job in tree_jobs)
        taken = (f"; {reused:,} of its {files:,} files unchanged, taken from the previous build"
                 if reused else "")
        say(f"Akhbar: search index of {pages:,} article pages written to "
            f"{first.path}{more} ({sum(job.seconds for job in tree_jobs):.1f} s of"
            f" Pagefind runs{taken})")  # summed: runs may overlap
    return complete


def _summarise(build: Build, result: dict, output: Path, strict: bool) -> None:
    counts = report.summary(result)
    if "size" in result:
        say(output_size.summary_line(result["size"]))
        for warning in result["size"]["warnings"]:
            logger.warning("Akhbar: %s", shown(warning))
    say(f"Akhbar: {counts['seeds']} seed files -> {counts['published']} published"
        f" ({counts['undated']} undated), {counts['skipped']} skipped,"
        f" {counts['errors']} errors, {counts['warnings']} warnings"
        f" on published seeds; {output / 'report.json'} ({build.seconds():.1f} s)")
    if build.warnings_hidden:
        say(f"Akhbar: {build.warnings_hidden:,} more seed warnings are not printed above"
            f" (AKHBAR_LOG_WARNINGS); every warning is in {output / 'report.json'}")
    problems = counts["skipped"] + counts["errors"] + counts["warnings"]
    if strict and problems:
        say(f"Akhbar: --strict: {problems} seed problems (see the warnings above and"
            " report.json); failing the build")
        sys.exit(3)
