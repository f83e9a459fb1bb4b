"""What one import did: counts, each skipped record and why, each warning, as lines to print.

Every line names the record by its place in the file (a line for JSON Lines and CSV, a place
in the list for JSON and feeds), and record text in a line is shown with its control and bidi
characters escaped (system/files.shown), so a hostile record cannot fake or reorder the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..system.files import shown
from .seeds import NEW, SKIPPED, UNCHANGED, UPDATED

SHOWN = 50   # skipped records and warnings listed in full up to this many each (--verbose: all)


@dataclass
class Summary:
    file: str
    format: str          # "JSON Lines", "CSV" ...
    seeds: str
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)   # (where, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (where, message)
    notes: list[str] = field(default_factory=list)   # about the file as a whole
    written: dict[str, str] = field(default_factory=dict)   # stem -> where (new and updated)

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    def add(self, where: str, status: str, stem: str | None = None,
            reason: str | None = None) -> None:
        self.counts[status] += 1
        if status == SKIPPED:
            self.skipped.append((where, reason or "skipped"))
        elif reason:
            self.warnings.append((where, reason))
        if stem and status in (NEW, UPDATED):
            self.written[stem] = where

    def warn(self, where: str, message: str) -> None:
        self.warnings.append((where, message))

    def headline(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        return (f"{verb} {self.records:,} record(s) of {shown(self.file)} ({self.format}) into"
                f" {shown(self.seeds)}: {self.counts[NEW]:,} new, {self.counts[UPDATED]:,}"
                f" updated, {self.counts[UNCHANGED]:,} unchanged, {self.counts[SKIPPED]:,}"
                " skipped" + (" (dry run: nothing written)" if self.dry_run else ""))

    def interrupted(self) -> str:
        """The line for an import stopped by Ctrl-C: how far it went."""
        return (f"Import interrupted after {self.records:,} record(s) ({self.counts[NEW]:,} new,"
                f" {self.counts[UPDATED]:,} updated, {self.counts[UNCHANGED]:,} unchanged,"
                f" {self.counts[SKIPPED]:,} skipped); run it again to continue")

    def lines(self, verbose: bool = False) -> list[str]:
        out = [self.headline()]
        out += [f"  note: {shown(note)}" for note in self.notes]
        for title, rows in (("Skipped", self.skipped), ("Warnings", self.warnings)):
            if not rows:
                continue
            out.append(f"{title} ({len(rows):,}):")
            listed = rows if verbose else rows[:SHOWN]
            out += [f"  {where}: {shown(message)}" for where, message in listed]
            if len(listed) < len(rows):
                out.append(f"  ... and {len(rows) - len(listed):,} more (--verbose lists all)")
        return out
