"""Two sessions importing at once are two threads of one server, each with its own Library
object: the file lock keeps the library whole (processes: tests/test_library.py)."""

from __future__ import annotations

import threading

import pytest

from library import Library, meta_of
from reader.document import read_document
from synthetic.corpus import write_corpus


@pytest.fixture(scope="module")
def reads(tmp_path_factory):
    """Three generated documents read once: (bytes, name, tables, meta)."""
    folder = tmp_path_factory.mktemp("threads")
    out = []
    for path in write_corpus(folder, 3, seed=21):
        result = read_document(path.name, path.read_bytes())
        meta = meta_of(result, report={})
        out.append((path.read_bytes(), path.name, result.tables, meta))
    assert len({m["id"] for *_, m in out}) == 3  # three different documents
    return out


def test_threads_importing_different_and_identical_files(reads, tmp_path):
    root = tmp_path / "library"
    jobs = [reads[0], reads[1], reads[2], reads[0], reads[1], reads[0]]  # three files, three repeats
    statuses: list[str] = []
    barrier = threading.Barrier(len(jobs))

    def work(job):
        data, name, tables, meta = job
        barrier.wait()  # all start together
        statuses.append(Library(root).add(tables, meta, data, name).status)

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(statuses) == ["added"] * 3 + ["duplicate"] * 3
    library = Library(root)
    assert sorted(e.doc_id for e in library.entries()) == sorted(m["id"] for *_, m in reads)
    tables = library.tables()
    for _, _, expected, meta in reads:  # each document whole: every row of every table
        for name, frame in expected.items():
            stored = tables[name].filter(tables[name]["county_id"] == meta["id"]) if "county_id" in frame.columns \
                else tables[name]
            assert stored.height == frame.height, (meta["id"], name)
