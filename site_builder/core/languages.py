"""The languages site-builder knows: what the `language` setting may be.

Kept apart from the aligner (align/language.py loads each language's word tables) so
reading site.yml imports nothing heavy.
"""

LANGUAGES = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "pt": "portuguese",
    "ru": "russian",
}
"""Language code -> the Snowball stemmer of PyStemmer that the aligner uses for it."""
