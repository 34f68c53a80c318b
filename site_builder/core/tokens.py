"""A sentence's pieces as the aligner reads them: `Token`, part of the model (core/model.py
imports it from here, and every step names it there).

Apart from model.py only so that the opt-in compiled core (setup.py's COMPILED) can
compile it with the aligner: the aligner and framing read a token's two fields millions
of times a build, which compiled code does as a native field read when the class is
compiled with it, and as a generic attribute look-up when it is not.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of a sentence as written (a word, white space or punctuation), and the
    terms the aligner reads in it (none for white space, punctuation and stop words)."""

    text: str
    terms: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type[Token], tuple[str, tuple[str, ...]]]:
        """How pickle remakes a token (a rebuild's helper process, commands/helper.py,
        sends its stories' results pickled): from its two fields. A compiled frozen class
        has no slot state for pickle's default to set."""
        return (Token, (self.text, self.terms))
