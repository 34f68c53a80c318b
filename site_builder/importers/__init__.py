"""Content from elsewhere: the BASIL corpus and web pages, one Markdown file per
article. Imports core and read."""
