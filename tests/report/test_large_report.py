"""The report of a large portfolio: a small landing page, a page per stream, written all or none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vsgraph
import vsgraph.report.site
from vsgraph.report.site import LARGE_FROM_STREAMS


def test_a_large_portfolio_gets_a_landing_page_and_a_page_per_stream(generated_report: Path) -> None:
    folder = generated_report.parent
    assert generated_report.name == "index.html" and folder.name == "report"
    landing = generated_report.read_text()
    links = re.findall(r'<tr class="band-[a-z]+" data-kind="(?:operational|development)".*?<a href="(streams/[^"]+)">', landing)
    assert len(links) == len(set(links)) == 994 > LARGE_FROM_STREAMS
    assert sorted(f"streams/{path.name}" for path in (folder / "streams").iterdir()) == sorted(links)
    assert {path.name for path in folder.iterdir()} == {
        "index.html",
        "kpis.html",
        "findings.html",
        "answers.html",
        "flow.html",
        "budgets.html",
        "streams",
    }
    # the landing page holds no map, loads nothing and scripts itself
    assert "<svg" not in landing and "<script>" in landing and not re.search(r"""(src|href)=["']?(https?:|//)""", landing)
    assert generated_report.stat().st_size < 1_000_000
    page = (folder / links[0]).read_text()
    assert page.count('class="value-stream-map"') == 1 and 'href="../index.html"' in page


def test_a_small_portfolio_keeps_one_file_unless_a_folder_is_asked_for(grocery: vsgraph.Portfolio, tmp_path: Path) -> None:
    assert vsgraph.write_report(grocery, tmp_path / "one.html") == tmp_path / "one.html"
    index = vsgraph.write_report(grocery, tmp_path / "many.html", layout="folder")
    assert index == tmp_path / "many" / "index.html"
    assert sorted(path.name for path in (tmp_path / "many" / "streams").iterdir()) == [
        "checkout.html",
        "pos-software.html",
        "shelf-stocking.html",
        "website-hosting.html",
        "weekly-promotions.html",
    ]
    assert "Check-out" in index.read_text() and "weekly-promotions.html" in index.read_text()


def test_the_folder_is_written_all_or_none(grocery: vsgraph.Portfolio, tmp_path: Path) -> None:
    (tmp_path / "report" / "streams").mkdir(parents=True)
    (tmp_path / "report" / "streams" / "checkout.html").mkdir()  # a folder where a page must go
    with pytest.raises(vsgraph.VsgraphError, match=r"checkout\.html"):
        vsgraph.write_report(grocery, tmp_path / "report.html", layout="folder")
    assert sorted(path.name for path in (tmp_path / "report").rglob("*")) == ["checkout.html", "streams"]


def test_the_report_command_says_where_the_folder_is(run_cli, grocery_path: Path, tmp_path: Path) -> None:
    result = run_cli("report", grocery_path, "--out", tmp_path / "r.html", "--layout", "folder")
    assert result.exit_code == 0 and result.output.strip().endswith(f"wrote {tmp_path / 'r' / 'index.html'}")


def test_a_page_that_fails_in_a_worker_leaves_the_old_folder_and_nothing_beside_it(
    grocery: vsgraph.Portfolio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = vsgraph.write_report(grocery, tmp_path / "report.html", layout="folder")
    before = {path: path.read_bytes() for path in index.parent.rglob("*") if path.is_file()}
    original = vsgraph.report.site._stream_page

    def broken(stream, *args):
        if stream.local_name == "shelf-stocking":
            raise RuntimeError("the map of shelf-stocking broke")
        return original(stream, *args)

    # a chunk a stream: the pages are written by forked workers, one per CPU
    monkeypatch.setattr(vsgraph.report.site, "_CHUNK", 1)
    monkeypatch.setattr(vsgraph.report.site, "_stream_page", broken)
    with pytest.raises(RuntimeError, match="shelf-stocking broke"):
        vsgraph.write_report(grocery, tmp_path / "report.html", title="Another title", layout="folder")
    assert {path: path.read_bytes() for path in index.parent.rglob("*") if path.is_file()} == before
