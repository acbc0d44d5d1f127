"""Central: the Django project a regency runs for its kiosks, and the contract they share.

``openapi.yaml`` is the contract between a kiosk and central (the kiosk talks to central
over HTTP only and never imports this package); the apps implement it and keep what it
needs: ``registry`` (regions, kiosks, staff), ``transactions`` (citizens' requests, their
workflow and receipts), ``citizens`` (cards, pre-registrations), ``fleet`` (heartbeats,
audit events) and ``api`` (the contract's views and checks). ``python -m central`` is the
one command for operators; :mod:`central.server` serves it.
"""
