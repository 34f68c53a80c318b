"""A theme's files as a build lists them: every template by its name, the site's own
winning, a link out of the theme refused wherever it lies, and a linked folder not gone
into (as Path.rglob lists a folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.core.errors import SiteError
from site_builder.core.theme import Theme


def theme(tmp_path: Path) -> Theme:
    """A site's own theme over a built-in one: templates in folders, a hidden one,
    links inside the theme, and an outside folder they may not lead to."""
    own, builtin = tmp_path / "own", tmp_path / "builtin"
    for layer in (own, builtin):
        (layer / "templates" / "partials" / "deep").mkdir(parents=True)
    (builtin / "templates" / "base.html").write_text("built-in base")
    (builtin / "templates" / "story.html").write_text("built-in story")
    (builtin / "templates" / "partials" / "head.html").write_text("built-in head")
    (own / "templates" / "story.html").write_text("own story")
    (own / "templates" / ".hidden.html").write_text("hidden")
    (own / "templates" / "partials" / "deep" / "foot.html").write_text("foot")
    (own / "templates" / "again.html").symlink_to(own / "templates" / "story.html")
    (own / "templates" / "nowhere.html").symlink_to(tmp_path / "missing.html")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.html").write_text("SECRET")
    return Theme("test", (own, builtin))


def test_templates_are_listed_by_name_the_sites_own_winning(tmp_path):
    listed = theme(tmp_path).template_files()
    own, builtin = tmp_path / "own" / "templates", tmp_path / "builtin" / "templates"
    assert listed == {
        ".hidden.html": own / ".hidden.html",
        "again.html": own / "again.html",
        "base.html": builtin / "base.html",
        "partials/deep/foot.html": own / "partials" / "deep" / "foot.html",
        "partials/head.html": builtin / "partials" / "head.html",
        "story.html": own / "story.html",
    }
    assert list(listed) == sorted(listed)


def test_a_linked_folder_is_not_gone_into(tmp_path):
    made = theme(tmp_path)
    templates = tmp_path / "own" / "templates"
    (templates / "more").symlink_to(templates / "partials")
    assert not any(name.startswith("more/") for name in made.template_files())


@pytest.mark.parametrize("where", ["leak.html", "partials/leak.html", "partials/deep/leak.html"])
def test_a_template_linking_out_of_the_theme_is_refused_wherever_it_lies(tmp_path, where):
    made = theme(tmp_path)
    link = tmp_path / "own" / "templates" / where
    link.symlink_to(tmp_path / "outside" / "secret.html")
    with pytest.raises(SiteError, match="outside the theme") as refused:
        made.template_files()
    assert refused.value.path == link


def test_templates_of_a_folder_that_links_out_of_the_theme_are_refused(tmp_path):
    made = theme(tmp_path)
    (tmp_path / "builtin" / "templates" / "partials").rename(tmp_path / "outside" / "partials")
    (tmp_path / "builtin" / "templates" / "partials").symlink_to(tmp_path / "outside" / "partials")
    assert "partials/head.html" not in made.template_files()  # a linked folder: not gone into
    (tmp_path / "builtin" / "templates").rename(tmp_path / "outside" / "templates")
    (tmp_path / "builtin" / "templates").symlink_to(tmp_path / "outside" / "templates")
    with pytest.raises(SiteError, match="outside the theme"):
        made.template_files()


def test_static_files_leave_hidden_files_out(tmp_path):
    made = theme(tmp_path)
    (tmp_path / "own" / "static").mkdir()
    (tmp_path / "own" / "static" / "site.css").write_text("css")
    (tmp_path / "own" / "static" / ".secret").write_text("hidden")
    assert made.static_files() == {"site.css": tmp_path / "own" / "static" / "site.css"}
