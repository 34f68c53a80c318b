"""The command line and what its commands run: build (the pipeline end to end, on
processes or a dask cluster), serve, gh-deploy, check, new (skeleton/) and align's
account. May import every other package."""
