"""The back office at ``/office/``, where staff work on what citizens asked at the kiosks.

Village staff, the poverty team, complaint officers and Diskominfo's admins work here (see
``central/office/views/`` by concern, and :mod:`central.office.scope` for who reaches what).
"""
