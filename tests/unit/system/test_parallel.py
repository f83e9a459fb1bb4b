"""Tree writers forked one a process (parallel.py), and how many jobs a build runs."""

from __future__ import annotations

import os

import pytest

from akhbar.system.parallel import ParallelWriteError, can_fork, jobs, write_trees

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")


@needs_fork
def test_trees_come_back_in_order_with_what_each_process_wrote():
    def write(tree):
        return [tree, os.getpid()]

    results = list(write_trees(["ar", "en", "fr"], write, jobs=3))
    assert [tree for tree, _ in results] == ["ar", "en", "fr"]
    assert [value[0] for _, value in results] == ["ar", "en", "fr"]
    assert results[0][1][1] == os.getpid()  # the first tree is written here...
    assert results[1][1][1] != os.getpid()  # ...the others in forked processes


@needs_fork
def test_a_failure_in_a_forked_writer_fails_the_build_with_its_message():
    def write(tree):
        if tree == "en":
            raise ValueError("template exploded")
        return tree

    with pytest.raises(ParallelWriteError, match="en tree failed: ValueError: template exploded"):
        list(write_trees(["ar", "en"], write, jobs=2))


def test_one_job_writes_everything_here():
    assert [v for _, v in write_trees(["ar", "en"], lambda t: (t, os.getpid()), jobs=1)] == [
        ("ar", os.getpid()), ("en", os.getpid())]


def test_jobs_setting():
    assert jobs({"AKHBAR_JOBS": 3}) == 3
    assert jobs({"AKHBAR_JOBS": 0}) >= 1
