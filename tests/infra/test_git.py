"""kpicat.infra.git's log reading on real repositories."""

from __future__ import annotations

from kpicat.infra.git import Repo


def test_log_lists_file_changes_with_blobs_and_skips_links(repo):
    link = repo.path("kpis/link.yaml")
    link.symlink_to("umsatz_pro_account.yaml")
    repo.git("mv", "catalogue/kpis/umsatzwachstum.yaml", "catalogue/kpis/wachstum.yaml")
    repo.git("rm", "-q", "catalogue/measures/umsatz.yaml")
    repo.commit("mixed")
    newest = Repo.at(repo.root).log()[0]
    assert newest.subject == "mixed"
    by_status = {(c.status, c.path, c.old_path) for c in newest.changes}
    assert by_status == {
        ("R", "catalogue/kpis/wachstum.yaml", "catalogue/kpis/umsatzwachstum.yaml"),
        ("D", "catalogue/measures/umsatz.yaml", None),
    }
    removed = next(c for c in newest.changes if c.status == "D")
    assert removed.new_blob is None and removed.old_blob and len(removed.old_blob) == 40


def test_log_of_a_subfolder_catalogue_is_root_relative(repo_factory):
    repo = repo_factory("mono", sub="kennzahlen")
    (first,) = Repo.at(repo.root).log()
    assert all(c.status == "A" and c.path.startswith("catalogue/") for c in first.changes)
