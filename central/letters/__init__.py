"""Signed letters: kinds as data, numbering, PDF rendering, PAdES signing, verification.

The back office calls :mod:`central.letters.service` (review, sign one letter or a batch,
revoke); ``python -m central`` mirrors it (``review``, ``sign``, ``letter``, ``revoke``,
``signer-key``); kiosks fetch and report prints through :mod:`central.letters.api`; anyone
checks a letter at ``/v/<code>`` (:mod:`central.letters.views`).
"""
