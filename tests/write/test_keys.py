"""The build cache's keys: what changes a story's key, and what the program's
fingerprint is made of."""

from __future__ import annotations

import pytest

from site_builder.write import keys
from tests.conftest import three_stories, unreadable_entry


@pytest.mark.parametrize("kind", ["dangling link", "looping link", "FIFO", "folder"])
def test_an_entry_the_reader_cannot_read_changes_the_key_without_being_opened(site, kind):
    config = three_stories(site)
    folder = site / "content" / "talks"
    theme = keys.theme_fingerprint(config)
    before = keys.story_key(folder, config, theme)
    (folder / "notes.txt").write_text("the editor's notes")  # not read: no new key
    (folder / "_draft.md").write_text("hidden")
    assert keys.story_key(folder, config, theme) == before
    unreadable_entry(kind, folder)  # a FIFO would block a reader that opened it
    assert keys.story_key(folder, config, theme) != before


def test_the_fingerprint_names_the_installed_versions_of_the_output_libraries():
    import importlib.metadata

    for library in keys.OUTPUT_LIBRARIES:
        assert keys._version_of(library) == importlib.metadata.version(library)
