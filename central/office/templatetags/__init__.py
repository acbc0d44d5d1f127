"""The back office's template filters."""
