"""An import's record file belongs to its seed, as a sidecar does: the seeds folder's listing
(reading/seed_files.scan) neither reads it as a seed nor reports it as "not a seed"; one with no
seed is reported as such."""

from __future__ import annotations

from akhbar.reading.seed_files import RECORD_SUFFIX, SKIPPED, scan


def test_a_record_file_goes_with_its_seed_and_one_without_a_seed_is_reported(tmp_path):
    for name in ("0123456789abcdef.txt", "0123456789abcdef.meta.yml",
                 "0123456789abcdef.record.json", "sub/fedcba9876543210.txt",
                 "sub/fedcba9876543210.record.json", "lone.record.json", "data.json",
                 ".record.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    found = scan(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found.seeds] == [
        "0123456789abcdef.txt", "sub/fedcba9876543210.txt"]
    others = {other.source: other for other in found.others}
    assert sorted(others) == [".record.json", "data.json", "lone.record.json"]
    lone = others["lone.record.json"]
    assert lone.status == SKIPPED and lone.notice
    assert lone.reason == "an import's record with no seed: no lone.txt in its folder"
    assert others["data.json"].reason.startswith("not a seed")
    assert RECORD_SUFFIX == ".record.json"
