"""The central API: its contract (``openapi.yaml``) and a reference server that implements it.

A regency implements the contract on its own servers; ``python -m central serve`` is the
reference implementation used for development, demos and the kiosk's tests. The kiosk talks
to it over HTTP only and never imports this package.
"""
