"""One module a command; `python -m central` lists them."""
