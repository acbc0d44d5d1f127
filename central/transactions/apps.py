"""The transactions app."""

from __future__ import annotations

from django.apps import AppConfig


class TransactionsConfig(AppConfig):
    """Transactions, receipt reports and queue numbers."""

    name = "central.transactions"
    label = "transactions"
    verbose_name = "Transactions"
