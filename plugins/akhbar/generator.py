"""The site writer Pelican runs (site.writer.SiteGenerator), handed the running build's parts."""

from __future__ import annotations

from .build import Build
from .site.writer import SiteGenerator, SiteParts


class ArchiveGenerator(SiteGenerator):
    def site_parts(self) -> SiteParts:
        build = Build.of(self.settings)
        return SiteParts(reuse=build.reuse, known_texts=build.known_texts,
                         articles=build.articles,
                         seeds_root=build.folder.root if build.folder is not None else None,
                         search=build.search)
