"""Django migrations of this app: `python -m central migrate` applies them."""
