"""Render step: view models of every page (views, compare, outlets, why), the search
index, the exports and their schema (schema/), and the pages themselves through
the theme's templates. Imports core, align and frame."""
