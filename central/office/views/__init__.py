"""The back office's views, by concern, each thin.

Accounts, requests (the inbox and a request's page), complaints, poverty, fleet, staff,
audit, and the error pages: a form checks the input, :mod:`central.office.scope` gives the
records, :mod:`central.office.actions` acts and audits.
"""
