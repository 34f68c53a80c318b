"""Read step: content/<story>/*.md -> Story / Article / Passage (front matter,
Markdown blocks and sentences). Imports core only."""
