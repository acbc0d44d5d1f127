"""Maintenance mode as QML sees it: the mode (``Maintenance``) and one backend per screen.

The rules live in ``kiosk.maintenance`` (and ``kiosk.security``, ``kiosk.audit``); these
objects publish what it says and forward the technician's taps. Leaving the mode, by hand
or after the idle time, wipes every screen, so a citizen who walks up afterwards sees
nothing of it.
"""
