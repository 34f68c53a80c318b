"""Frame step: how each outlet words what it shares with the others (shared and own
words, loaded words, who is quoted, what an outlet leaves out). Imports core and
align."""
