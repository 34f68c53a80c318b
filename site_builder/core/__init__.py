"""The values and rules every step shares: the model, the build's values, site.yml's
settings, the one error type, the validation of input files, text folding, the
languages and their packs (language_data/), slugs, and where the theme's files
and words are found. Imports nothing else of site_builder."""
