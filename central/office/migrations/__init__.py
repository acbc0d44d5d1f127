"""The back office's migrations."""
