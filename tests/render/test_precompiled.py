"""The default theme's templates compiled ahead of time (render/precompiled.py): the
shipped code is the theme's as it is now, builds with it give the same pages as builds
that compile the templates, and a site's own template is still compiled and used."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from markupsafe import Markup, escape

from site_builder.commands.build import build
from site_builder.core.config import load_config
from site_builder.core.errors import SiteError
from site_builder.core.theme import BUILTIN_THEMES
from site_builder.render import precompiled, render
from tests.conftest import REPO, theme_file, tree_bytes

TEMPLATES = BUILTIN_THEMES / "default" / "templates"


def test_the_shipped_code_is_the_default_themes_templates_as_they_are():
    sources = {
        p.relative_to(TEMPLATES).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(TEMPLATES.rglob("*"))
        if p.is_file()
    }
    expected = precompiled.compiled_modules(render.new_environment([TEMPLATES]), sources)
    shipped = {p.name: p.read_text(encoding="utf-8") for p in precompiled.FOLDER.glob("*.py")}
    assert shipped == expected, "a template changed: run python scripts/compile_theme.py"


def test_every_default_template_is_taken_from_the_shipped_code():
    environment = render.new_environment([TEMPLATES])
    names = environment.list_templates()
    assert "story.html" in names and "base.html" in names
    for name in names:
        source, filename, _ = environment.loader.get_source(environment, name)
        code = precompiled.precompiled_code(environment, name, source, filename)
        assert code is not None, name
        assert code.co_filename == filename


def test_pages_are_the_same_whether_the_templates_are_shipped_compiled_or_compiled_here(
    tmp_path, monkeypatch
):
    build(load_config(REPO / "site.yml", output_dir=tmp_path / "shipped"))
    render._environment.cache_clear()
    monkeypatch.setattr(precompiled, "precompiled_code", lambda *args: None)
    build(load_config(REPO / "site.yml", output_dir=tmp_path / "here"))
    render._environment.cache_clear()
    assert tree_bytes(tmp_path / "shipped") == tree_bytes(tmp_path / "here")


def test_a_sites_own_template_is_compiled_and_used(site):
    story = theme_file(site, "templates/story.html")
    story.write_text(story.read_text().replace("</h1>", "</h1><p>Edited here</p>", 1))
    build(load_config(site / "site.yml"))
    assert "<p>Edited here</p>" in (site / "output" / "talks" / "index.html").read_text()


def test_an_error_in_a_shipped_template_names_the_template_file_and_line(site):
    config = load_config(site / "site.yml")
    environment = render.template_environment(config.site_theme)
    with pytest.raises(SiteError) as raised:
        render._render(environment, "story.html", config, "talks/index.html")
    error = raised.value  # story.html extends base.html, whose first use of `site` fails
    assert (error.path, error.message) == (
        TEMPLATES / "base.html",
        "template error while rendering talks/index.html: 'site' is undefined",
    )
    assert "site." in (TEMPLATES / "base.html").read_text().splitlines()[error.line - 1]


@pytest.mark.parametrize(
    "value",
    ["<a href=\"x\" title='y'>Q&A</a> é", "", "plain", Markup("<b>kept</b>"), 3, 2.5, None],
)
def test_the_shipped_code_escapes_every_value_as_jinja2_does(value):
    assert precompiled.escaped_text(value) == str(escape(value))


def test_the_shipped_code_escapes_with_its_own_function_only_where_it_joins_the_text():
    joined = (
        "from jinja2.runtime import Markup, escape, identity\n"
        "def root(context):\n"
        "    yield escape(a)\n"
        "    t_1.append(escape(b))\n"
        "    t_1.extend(('<p>', escape(c)))\n"
    )
    own = precompiled._with_escaped_text(joined)
    assert "from site_builder.render.precompiled import escaped_text as escape" in own
    assert ", escape," not in own.splitlines()[0]
    for elsewhere in ("    x = escape(a) + b\n", "    f = escape\n", "    yield len(escape(a))\n"):
        assert precompiled._with_escaped_text(joined + elsewhere) == joined + elsewhere
    shipped = (precompiled.FOLDER / "t_story_html.py").read_text(encoding="utf-8")
    assert "escaped_text as escape" in shipped


def test_the_shipped_code_reads_attributes_directly_where_jinja2_would_look_them_up():
    code = (
        "def root(context, environment=environment):\n"
        "    yield escape(environment.getattr(environment.getattr(l_1_m, 'head'), 'outlet'))\n"
        "    if environment.getattr((undefined(name='s') if l_0_s is missing else l_0_s), 'x'):\n"
        "        yield environment.getattr(l_1_a, 'é')  # not a name Python writes after a dot\n"
        "    yield environment.getattr(l_1_a, 'if') + environment.getattr(l_1_a, 'b')\n"
    )
    assert precompiled._with_direct_attributes(code) == (
        "def root(context, environment=environment):\n"
        "    yield escape(l_1_m.head.outlet)\n"
        "    if (undefined(name='s') if l_0_s is missing else l_0_s).x:\n"
        "        yield l_1_a.é  # not a name Python writes after a dot\n"
        "    yield environment.getattr(l_1_a, 'if') + l_1_a.b\n"
    )
    shipped = (precompiled.FOLDER / "t_story_html.py").read_text(encoding="utf-8")
    assert "environment.getattr(" not in shipped


@pytest.mark.parametrize("template", ["404.html", "story.html"])
def test_a_page_whose_values_hold_items_not_attributes_is_rendered_as_jinja2_does(
    site, monkeypatch, template
):
    """The theme's words as a dict: Jinja2 looks each up as an item once the attribute
    is missing; the shipped code, which reads attributes directly, renders the page
    again with Jinja2's own code."""
    from site_builder.align.language import load_language
    from site_builder.commands.build import align_for_site
    from site_builder.core.model import StoryResult
    from site_builder.core.parsed import ParsedCopies
    from site_builder.core.strings import theme_strings
    from site_builder.frame.framing import frame_story
    from site_builder.read.content import read_story
    from site_builder.render import views

    config = load_config(site / "site.yml")
    words = theme_strings(config.site_theme, config.language, ParsedCopies(None))
    language = load_language(config.language)
    story = read_story(site / "content" / "talks", language=config.language)
    alignment = align_for_site(story, config, language)
    result = StoryResult(story, alignment, frame_story(story, alignment, language, ()))
    heads = views.article_heads(story, alignment, config.language, words, {})
    page = views.story_page(result, config.language, words, heads, report_url="", page_url="")
    context = {
        "site": config,
        "words": dict(vars(words.html)),
        "root": "../",
        "path": "talks/",
        "canonical": "",
        "title": "t",
        "description": "d",
        "og_type": "article",
        "stories": [render.story_card(result)],
        "story": page,
    }

    def rendered() -> str:
        render._environment.cache_clear()
        environment = render.template_environment(config.site_theme)
        return render._render(environment, template, config, "x", **context).decode()

    shipped = rendered()
    monkeypatch.setattr(precompiled, "precompiled_code", lambda *args: None)
    assert shipped == rendered()
    assert "<html" in shipped


def test_the_shipped_code_puts_a_pages_parts_in_a_list_and_keeps_its_lines():
    code = (
        "from jinja2.runtime import Markup\n"
        "name = 't.html'\n"
        "\n"
        "def root(context, missing=missing, environment=environment):\n"
        "    concat = environment.concat\n"
        "    if 0: yield None\n"
        "    yield 'é<p>'\n"
        "    for l_1_x in context.xs:\n"
        "        yield escape(l_1_x)\n"
        "    def macro(l_1_y):\n"
        "        t_1 = []\n"
        "        t_1.append(l_1_y)\n"
        "        return concat(t_1)\n"
        "    yield from context.blocks['main'][0](context)\n"
        "\n"
        "def block_main(context, missing=missing, environment=environment):\n"
        "    if 0: yield None\n"
        "    yield '</p>'\n"
        "\n"
        "blocks = {'main': block_main}\n"
        "debug_info = '1=4'"
    )
    listed = precompiled._with_listed_output(code)
    lines = listed.splitlines()
    assert len(lines) == len(code.splitlines()) + 3  # the wrapping after the last line
    changed = [(old, new) for old, new in zip(code.splitlines(), lines) if old != new]
    assert [new.strip() for _, new in changed] == [
        "def root(context, missing=missing, environment=environment, _output=None):",
        "pass",
        "_output.append('é<p>')",
        "_output.append(escape(l_1_x))",
        "_output.extend(context.blocks['main'][0](context))",
        "def block_main(context, missing=missing, environment=environment, _output=None):",
        "pass",
        "_output.append('</p>')",
    ]
    namespace = {"environment": render.new_environment([TEMPLATES]), "missing": object()}
    namespace["escape"] = escape
    exec(compile(listed, "t.html", "exec"), namespace)
    context = SimpleNamespace(xs=["<a>", "b"], blocks={"main": [namespace["blocks"]["main"]]})
    assert "".join(namespace["root"](context)) == "é<p>&lt;a&gt;b</p>"
    for unusual in ("    x = yield 'a'\n", "    yield (\n        'a')\n"):
        odd = code.replace("    yield 'é<p>'\n", unusual)
        assert precompiled._with_listed_output(odd) == odd
