"""Write step: the output folder (staged, swapped in whole) and the build cache.
Imports core and read."""
